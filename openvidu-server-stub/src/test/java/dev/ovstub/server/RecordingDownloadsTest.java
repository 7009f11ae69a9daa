package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ovstub.server.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Downloads of large recording files: slow or vanished readers hold no server thread, aborted downloads are not
 * errors, hostile ranges are never a 500, and symbolic links in the folder are not followed.
 */
class RecordingDownloadsTest extends StubTestSupport {
    private static final long LARGE = 64L << 20;
    private static final int SLOW_READERS = 200;

    private OpenViduServerStub server;
    private Api api;

    /** A recording server with a sparse 64 MB {@code big.mp4} in its folder (a few real bytes at both ends). */
    private Path serverWithLargeFile() throws IOException {
        server = recordingServer();
        api = new Api(server);
        Path big = server.recordingPath().resolve("big.mp4");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(LARGE);
            f.seek(0);
            f.write("HEAD-OF-BIG-FILE".getBytes(StandardCharsets.US_ASCII));
            f.seek(LARGE - 16);
            f.write("TAIL-OF-BIG-FILE".getBytes(StandardCharsets.US_ASCII));
        }
        return big;
    }

    /** Opens a connection with a tiny receive window and sends a GET for the file; reads nothing. */
    private Socket requestWithoutReading(String target, String extraHeaders) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        socket.setSoTimeout(10_000);
        String request = "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: " + Api.basic("OPENVIDUAPP", server.secret()) + "\r\n" + extraHeaders + "\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** Reads the status line and headers of an answer, byte by byte, leaving the body unread. */
    private static String readHead(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void twoHundredReadersThatDoNotReadALargeFileDoNotDelayApiCalls() throws Exception {
        serverWithLargeFile();
        List<Socket> readers = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_READERS; i++) {
                readers.add(requestWithoutReading("/recordings/big.mp4", i % 2 == 0 ? "" : "Range: bytes=1000-\r\n"));
            }

            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                CompletableFuture<Api.Resp> list = CompletableFuture.supplyAsync(() -> api.get("/api/recordings"));
                Api.Resp r = list.get(5, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(200);
                assertThat((System.nanoTime() - t0) / 1_000_000).as("ms for GET /api/recordings").isLessThan(5_000);
            }

            // Every reader got its answer going and still holds its connection, the body mostly unread.
            for (int i = 0; i < readers.size(); i++) {
                String head = readHead(readers.get(i));
                assertThat(head).as("reader %d", i).startsWith(i % 2 == 0 ? "HTTP/1.1 200" : "HTTP/1.1 206");
                assertThat(readers.get(i).isClosed()).isFalse();
            }
            CompletableFuture<Api.Resp> sessions = CompletableFuture.supplyAsync(() -> api.post("/api/sessions", null));
            assertThat(sessions.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        } finally {
            for (Socket s : readers) {
                s.close();
            }
        }
    }

    @Test
    void aSlowReaderStillGetsTheWholeFileRight() throws Exception {
        serverWithLargeFile();
        try (Socket socket = requestWithoutReading("/recordings/big.mp4", "Range: bytes=" + (LARGE - 4_000_016) + "-\r\n")) {
            String head = readHead(socket);
            assertThat(head).startsWith("HTTP/1.1 206").contains("Content-Length: 4000016");
            byte[] body = socket.getInputStream().readNBytes(4_000_016);
            assertThat(body).hasSize(4_000_016);
            assertThat(new String(body, body.length - 16, 16, StandardCharsets.US_ASCII)).isEqualTo("TAIL-OF-BIG-FILE");
        }
    }

    @Test
    void aClientThatAbortsADownloadIsNoErrorInTheServerLog() throws Exception {
        Path big = serverWithLargeFile();
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd to see when the server let go of the file");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 3; i++) {
                Socket socket = requestWithoutReading("/recordings/big.mp4", "");
                assertThat(readHead(socket)).startsWith("HTTP/1.1 200");
                assertThat(socket.getInputStream().readNBytes(1000)).hasSize(1000);
                socket.setSoLinger(true, 0); // a reset, as a browser closing the tab or a player seeking elsewhere
                socket.close();
            }
            Await.until(() -> !isOpenInThisProcess(big), Duration.ofSeconds(10),
                    () -> "the server to let go of the aborted downloads' file");
            // One full request after the aborts: the server has finished with them and logged what it logs.
            assertThat(api.get("/api/recordings").status()).isEqualTo(200);
        } finally {
            System.setErr(original);
        }
        // The test log shows WARN and above: nothing about these downloads may be there (the old code logged
        // "ERROR Router - GET /recordings/big.mp4 failed" and an EofException's stack trace).
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).as("the server log while downloads were aborted")
                .doesNotContain("big.mp4")
                .doesNotContain("ERROR Router")
                .doesNotContain("EofException")
                .doesNotContain("Connection reset")
                .doesNotContain("Broken pipe")
                .doesNotContain("at org.eclipse.jetty");
    }

    private static boolean isOpenInThisProcess(Path file) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            Path real = file.toRealPath();
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException | UnsupportedOperationException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void overflowingRangesAnswerAsTheRfcSaysAndNeverA500() throws Exception {
        serverWithLargeFile();
        String huge = "99999999999999999999";

        for (String range : new String[] {"bytes=" + huge + "-", "bytes=" + huge + "-" + huge, "bytes=" + LARGE + "-" + huge}) {
            Api.Resp r = api.send("HEAD", "/recordings/big.mp4", null, "Range", range);
            assertThat(r.status()).as(range).isEqualTo(416);
            assertThat(r.header("Content-Range")).as(range).hasValue("bytes */" + LARGE);
        }
        // A last position past the end is the end; a suffix longer than the file is the whole file (RFC 9110 §14.1.2).
        for (String range : new String[] {"bytes=0-" + huge, "bytes=-" + huge}) {
            Api.Resp r = api.send("HEAD", "/recordings/big.mp4", null, "Range", range);
            assertThat(r.status()).as(range).isEqualTo(206);
            assertThat(r.header("Content-Range")).as(range).hasValue("bytes 0-" + (LARGE - 1) + "/" + LARGE);
            assertThat(r.header("Content-Length")).as(range).hasValue(String.valueOf(LARGE));
        }
        Api.Resp tail = api.get("/recordings/big.mp4", "Range", "bytes=" + (LARGE - 16) + "-" + huge);
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo("TAIL-OF-BIG-FILE");
    }

    @Test
    void aHeadRequestAnswersTheFilesHeadersWithoutItsBody() throws Exception {
        serverWithLargeFile();

        Api.Resp r = api.send("HEAD", "/recordings/big.mp4", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValue("video/mp4");
        assertThat(r.header("Accept-Ranges")).hasValue("bytes");
        assertThat(r.header("Content-Length")).hasValue(String.valueOf(LARGE));
        assertThat(r.header("Last-Modified")).isPresent();
        assertThat(r.bytes()).isEmpty();
    }

    @Test
    void aSymbolicLinkInTheRecordingsFolderIsNotFollowed() throws Exception {
        serverWithLargeFile();
        Path outside = tmp.resolve("outside.mp4");
        Files.writeString(outside, "TOP-SECRET-OUTSIDE");
        Files.createSymbolicLink(server.recordingPath().resolve("linked.mp4"), outside);
        Files.createSymbolicLink(server.recordingPath().resolve("inside.mp4"), server.recordingPath().resolve("big.mp4"));

        for (String name : new String[] {"linked", "inside"}) {
            Api.Resp r = api.get("/recordings/" + name + ".mp4");
            assertThat(r.status()).as(name).isEqualTo(404);
            assertThat(r.body()).as(name).doesNotContain("TOP-SECRET").doesNotContain("HEAD-OF-BIG-FILE");
            assertThat(api.get("/recordings/" + name + ".mp4", "Range", "bytes=0-5").status()).as(name).isEqualTo(404);
        }
        assertThat(api.get("/recordings/big.mp4", "Range", "bytes=0-3").body()).isEqualTo("HEAD");
    }

    @Test
    void aFolderOrOtherNonRegularFileNamedLikeARecordingIs404() throws Exception {
        serverWithLargeFile();
        Files.createDirectory(server.recordingPath().resolve("folder.mp4"));

        assertThat(api.get("/recordings/folder.mp4").status()).isEqualTo(404);
    }

    /** Writes to two streams: the test's own log stays visible while it is captured. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
        }
    }
}
