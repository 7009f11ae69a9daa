package dev.ovstub.server.internal.api;

import dev.ovstub.server.internal.recording.RecordingStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * {@code GET /recordings/<id>.mp4}: the recording file as {@code video/mp4}, with single byte ranges (206) so
 * players can seek. Only {@code <id>.mp4} names are served: no listing, no metadata, nothing outside the folder.
 */
final class RecordingFiles {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final int CHUNK = 64 * 1024;

    private final RecordingStore store;

    RecordingFiles(RecordingStore store) {
        this.store = store;
    }

    void register(Router router) {
        router.add("GET", "/recordings/(.*)", Router.Access.PUBLIC_IF_FREE_ACCESS, this::serve);
    }

    private void serve(Exchange ex) throws IOException {
        String name = ex.pathParam(1);
        if (!name.endsWith(".mp4") || !RecordingStore.SAFE_ID.matcher(name.substring(0, name.length() - 4)).matches()) {
            throw HttpError.notFound("no recording file " + name);
        }
        Path file = store.videoFile(name.substring(0, name.length() - 4));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long start = 0;
            long end = size - 1;
            int status = 200;
            String range = ex.request.getHeaders().get(HttpHeader.RANGE);
            if (range != null && !range.contains(",")) {
                Matcher m = RANGE.matcher(range.trim());
                if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                    if (m.group(1).isEmpty()) {
                        start = Math.max(0, size - Long.parseLong(m.group(2)));
                    } else {
                        start = Long.parseLong(m.group(1));
                        if (!m.group(2).isEmpty()) {
                            end = Math.min(end, Long.parseLong(m.group(2)));
                        }
                    }
                    if (start >= size || start > end) {
                        ex.response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
                        throw new HttpError(416, "range " + range + " is outside the file's " + size + " bytes");
                    }
                    status = 206;
                    ex.response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
                }
            }
            long length = size == 0 ? 0 : end - start + 1;
            ex.response.setStatus(status);
            ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, "video/mp4");
            ex.response.getHeaders().put(HttpHeader.ACCEPT_RANGES, "bytes");
            ex.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
            ex.response.getHeaders().put(HttpHeader.LAST_MODIFIED,
                    org.eclipse.jetty.http.DateGenerator.formatDate(Files.getLastModifiedTime(file).toMillis()));
            if ("HEAD".equals(ex.method())) {
                ex.sendEmptyKeepingHeaders();
                return;
            }
            ex.markAnswered();
            try (OutputStream out = Content.Sink.asOutputStream(ex.response)) {
                ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
                long position = start;
                long remaining = length;
                while (remaining > 0) {
                    buffer.clear();
                    buffer.limit((int) Math.min(CHUNK, remaining));
                    int n = channel.read(buffer, position);
                    if (n < 0) {
                        break;
                    }
                    out.write(buffer.array(), 0, n);
                    position += n;
                    remaining -= n;
                }
            }
            ex.callback.succeeded();
        } catch (NoSuchFileException e) {
            throw HttpError.notFound("no recording file " + name);
        }
    }
}
