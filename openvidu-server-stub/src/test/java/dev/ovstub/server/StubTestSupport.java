package dev.ovstub.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts embedded servers on port 0 over plain HTTP and closes them after each test. Recording servers use a
 * {@link TestRecorders} runtime and a recordings folder under the test's temporary folder.
 */
abstract class StubTestSupport {
    @TempDir
    Path tmp;

    /** The runtime of the last recording server started by {@link #recordingServer}. */
    TestRecorders recorders;

    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

    <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.push(closeable);
        return closeable;
    }

    @AfterEach
    void closeServers() throws Exception {
        while (!toClose.isEmpty()) {
            toClose.pop().close();
        }
    }

    /** A server with recording off. */
    OpenViduServerStub plainServer() {
        return closeLater(OpenViduServerStub.builder().start());
    }

    /** A server with recording on, the test recorder, and recordings in {@code tmp/recordings}. */
    OpenViduServerStub recordingServer() {
        return recordingServer(b -> b);
    }

    OpenViduServerStub recordingServer(UnaryOperator<OpenViduServerStub.Builder> customize) {
        recorders = new TestRecorders();
        OpenViduServerStub.Builder b = OpenViduServerStub.builder()
                .recording(true)
                .recordingPath(recordingsFolder())
                .startTimeout(Duration.ofSeconds(5))
                .stopTimeout(Duration.ofSeconds(5));
        return closeLater(customize.apply(recorders.installIn(b)).start());
    }

    Path recordingsFolder() {
        return tmp.resolve("recordings");
    }
}
