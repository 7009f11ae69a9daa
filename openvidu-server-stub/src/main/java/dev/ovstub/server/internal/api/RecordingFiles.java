package dev.ovstub.server.internal.api;

import dev.ovstub.server.internal.recording.Recording;
import dev.ovstub.server.internal.recording.RecordingObjects;
import dev.ovstub.server.internal.recording.RecordingService;
import dev.ovstub.server.internal.recording.RecordingStore;
import dev.ovstub.server.internal.storage.S3Bucket;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.io.content.InputStreamContentSource;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /recordings/<id>.mp4}: the recording file as {@code video/mp4}, with single byte ranges (206) so
 * players can seek. Only {@code <id>.mp4} names of regular files are served: no listing, no metadata, no symbolic
 * links, nothing outside the folder.
 *
 * <p>The body is written asynchronously ({@link Content#copy}): a download waiting on a slow or silent reader holds
 * a file handle and one buffer, never a server thread, so slow players cannot starve the API.
 */
final class RecordingFiles {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingFiles.class);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final int CHUNK = 64 * 1024;

    private final RecordingStore store;
    private final RecordingService recordings;

    RecordingFiles(RecordingService recordings) {
        this.store = recordings.store();
        this.recordings = recordings;
    }

    void register(Router router) {
        router.add("GET", "/recordings/(.*)", Router.Access.PUBLIC_IF_FREE_ACCESS, this::serve);
        router.add("GET", "/openvidu/recordings/([^/]+)/([^/]+)", Router.Access.PUBLIC_IF_FREE_ACCESS, this::serve2);
    }

    /**
     * 2.x: {@code /openvidu/recordings/<id>/<name>.<ext>}, the file of a 2.x recording, named as its {@code url}
     * says (any other name in its folder, the metadata say, is a 404).
     */
    private void serve2(Exchange ex) throws IOException {
        String id = ex.pathParam(1);
        String name = ex.pathParam(2);
        Recording r = recordings.get(id).filter(Recording::v2).filter(rec -> rec.fileName().equals(name))
                .orElseThrow(() -> HttpError.notFound("no recording file " + id + "/" + name));
        String type = name.endsWith(".webm") ? "video/webm" : name.endsWith(".zip") ? "application/zip" : "video/mp4";
        sendFileOrObject(ex, r, store.mediaFile(r), name, type);
    }

    /** The bytes to send: {@code [start, start + length)}, and the status (200, or 206 for a satisfiable range). */
    private record Slice(int status, long start, long length) {}

    private void serve(Exchange ex) throws IOException {
        String name = ex.pathParam(1);
        if (!name.endsWith(".mp4") || !RecordingStore.SAFE_ID.matcher(name.substring(0, name.length() - 4)).matches()) {
            throw HttpError.notFound("no recording file " + name);
        }
        String id = name.substring(0, name.length() - 4);
        Path file = store.videoFile(id);
        if (recordings.objects().isPresent() && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Recording r = recordings.get(id).filter(rec -> !rec.v2())
                    .orElseThrow(() -> HttpError.notFound("no recording file " + name));
            sendObject(ex, recordings.objects().get(), r, name, "video/mp4");
            return;
        }
        send(ex, file, name, "video/mp4");
    }

    /** The file in the recordings folder when it is there (an upload that failed), else the bucket's object. */
    private void sendFileOrObject(Exchange ex, Recording r, Path file, String name, String type) throws IOException {
        if (recordings.objects().isPresent() && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            sendObject(ex, recordings.objects().get(), r, name, type);
        } else {
            send(ex, file, name, type);
        }
    }

    /**
     * A recording's file from the bucket, proxied rather than redirected to a presigned URL: the URL stays this
     * server's, under the same access rule as the folder's files ({@code openvidu.recording.public-access} or the
     * secret), and the bucket need not be reachable by the clients. Byte ranges as for files: the range is computed
     * here from the object's size and only those bytes are fetched. The bucket's reads block a server thread while
     * they wait (at most the client's 60 s socket timeout); writing to a slow reader does not.
     */
    private void sendObject(Exchange ex, RecordingObjects objects, Recording r, String name, String type) throws IOException {
        S3Bucket.ObjectInfo object = objects.head(r).orElseThrow(() -> HttpError.notFound("no recording file " + name));
        Slice slice = headers(ex, type, object.size(), object.lastModified() == null ? -1 : object.lastModified().toEpochMilli());
        if (slice == null) {
            return;
        }
        InputStream in = objects.read(r, slice.start, slice.length);
        ex.markAnswered();
        ByteBufferPool.Sized buffers = new ByteBufferPool.Sized(ex.request.getComponents().getByteBufferPool(), false, CHUNK);
        copy(ex, new InputStreamContentSource(in, buffers), in, name);
    }

    /**
     * Status and headers of a download of a {@code size}-byte file, for its {@code Range}; a HEAD or an empty range
     * is answered here (null then: no body to send), else the part to send.
     */
    private Slice headers(Exchange ex, String contentType, long size, long lastModifiedMillis) {
        Slice slice = slice(ex, ex.request.getHeaders().get(HttpHeader.RANGE), size);
        ex.response.setStatus(slice.status);
        ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        ex.response.getHeaders().put(HttpHeader.ACCEPT_RANGES, "bytes");
        ex.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, slice.length);
        if (lastModifiedMillis >= 0) {
            ex.response.getHeaders().put(HttpHeader.LAST_MODIFIED, DateGenerator.formatDate(lastModifiedMillis));
        }
        if ("HEAD".equals(ex.method()) || slice.length == 0) {
            ex.sendEmptyKeepingHeaders();
            return null;
        }
        return slice;
    }

    /** Writes {@code source} as the body, asynchronously; {@code resource} is closed however it ends. */
    private static void copy(Exchange ex, Content.Source source, java.io.Closeable resource, String name) {
        Content.copy(source, ex.response, new Callback() {
            @Override
            public void succeeded() {
                IO.close(resource);
                ex.callback.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                IO.close(resource);
                logEndedEarly(name, failure);
                ex.callback.failed(failure);
            }
        });
    }

    private void send(Exchange ex, Path file, String name, String contentType) throws IOException {
        OpenFile opened = openRegularFile(file, name);
        FileChannel channel = opened.channel();
        boolean handedOver = false;
        try {
            Slice slice = headers(ex, contentType, channel.size(), opened.lastModifiedMillis());
            if (slice == null) {
                return;
            }
            ex.markAnswered();
            ByteBufferPool.Sized buffers = new ByteBufferPool.Sized(ex.request.getComponents().getByteBufferPool(), false, CHUNK);
            Content.Source source = Content.Source.from(buffers, channel, slice.start, slice.length);
            handedOver = true;
            copy(ex, source, channel, name);
        } finally {
            if (!handedOver) {
                IO.close(channel);
            }
        }
    }

    /** An opened recording file and its modification time. */
    private record OpenFile(FileChannel channel, long lastModifiedMillis) {}

    /**
     * Opens the file for reading only if it is a regular file reached without following a symbolic link; anything
     * else (missing, a link, a folder, a pipe) is a 404. Links are refused twice: by their attributes, and by the
     * open itself ({@code O_NOFOLLOW}), so a link swapped in between is refused too.
     */
    private static OpenFile openRegularFile(Path file, String name) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                throw HttpError.notFound("no recording file " + name);
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            return new OpenFile(channel, attributes.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            throw HttpError.notFound("no recording file " + name);
        } catch (FileSystemException e) {
            // ELOOP from O_NOFOLLOW on a link swapped in, or a file that vanished: not a servable recording.
            LOG.debug("Not serving {}: {}", file, e.toString());
            throw HttpError.notFound("no recording file " + name);
        }
    }

    /**
     * The part of a {@code size}-byte file a {@code Range} header asks for (RFC 9110 §14.1.2): one range, numbers
     * of any length (a position past {@link Long#MAX_VALUE} is simply past the end). A first position at or past
     * the end is unsatisfiable (416); a last position past the end, or a suffix longer than the file, stops at the
     * end. Several ranges, other units and unparseable values are ignored: the whole file (200).
     */
    private static Slice slice(Exchange ex, String range, long size) {
        Slice whole = new Slice(200, 0, size);
        if (range == null || range.contains(",")) {
            return whole;
        }
        Matcher m = RANGE.matcher(range.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return whole;
        }
        long start;
        long end = size - 1;
        if (m.group(1).isEmpty()) {
            long suffix = position(m.group(2));
            // The last <suffix> bytes, the whole file when it is shorter; a zero-length suffix is unsatisfiable.
            start = suffix == 0 ? size : suffix >= size ? 0 : size - suffix;
        } else {
            start = position(m.group(1));
            if (!m.group(2).isEmpty()) {
                end = Math.min(end, position(m.group(2)));
            }
        }
        if (start >= size || start > end) {
            ex.response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
            throw new HttpError(416, "range " + range + " is outside the file's " + size + " bytes");
        }
        ex.response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
        return new Slice(206, start, end - start + 1);
    }

    /** A decimal byte position; one too large for a long is {@link Long#MAX_VALUE}, past the end of any file. */
    private static long position(String digits) {
        String significant = digits.replaceFirst("^0+(?=\\d)", "");
        if (significant.length() > 18) {
            return significant.length() == 19 && significant.compareTo(Long.toString(Long.MAX_VALUE)) <= 0
                    ? Long.parseLong(significant) : Long.MAX_VALUE;
        }
        return Long.parseLong(significant);
    }

    /**
     * A download that ended before its last byte: nearly always the client going away (a closed tab, a player
     * seeking elsewhere, an idle reader timed out). That is no server error: DEBUG, without a stack trace.
     */
    private static void logEndedEarly(String name, Throwable failure) {
        boolean clientSide = failure instanceof EofException || failure instanceof TimeoutException
                || (failure instanceof IOException && !(failure instanceof FileSystemException));
        if (clientSide) {
            LOG.debug("Download of {} ended early, the client went away: {}", name, failure.toString());
        } else {
            LOG.warn("Download of {} failed: {}", name, failure.toString());
        }
    }
}
