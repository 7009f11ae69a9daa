package dev.ovstub.server.internal.recording.runtime.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.internal.recorder.LayoutUrl;
import dev.ovstub.server.internal.recording.runtime.RecorderLaunch;
import dev.ovstub.server.internal.recording.runtime.RecorderProcess;
import dev.ovstub.server.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded runtime forwards its child's output with the secret masked, as the Docker runtime does. */
class EmbeddedRuntimeOutputTest {
    private static final String SECRET = "s3cret with spaces";

    @TempDir
    Path folder;

    @Test
    void aChildThatPrintsItsUrlAndTheSecretNeverShowsTheSecretInWhatIsForwarded() throws Exception {
        List<String> forwarded = new CopyOnWriteArrayList<>();
        // The "JVM" is a shell that prints its URL (as given, percent-encoded) and the secret in plain, then exits.
        EmbeddedRuntime runtime = new EmbeddedRuntime("/bin/sh", "unused",
                List.of("-c", "echo \"url=$URL\"; echo \"plain=" + SECRET + "\"", "sh"),
                (recordingId, line) -> forwarded.add(recordingId + ": " + line));
        String url = LayoutUrl.build("http://127.0.0.1:1", "layout-best-fit", "abc", SECRET);
        try {
            RecorderProcess child = runtime.launch(new RecorderLaunch("abc", url, "640x360", 25, "mp4", null, "{}", folder));
            assertThat(child.exit().get(10, TimeUnit.SECONDS)).isZero();
            Await.await(() -> forwarded.size() == 2, Duration.ofSeconds(5), "both lines forwarded");
        } finally {
            runtime.close();
        }

        assertThat(forwarded).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("abc: ")
                .doesNotContain(SECRET).doesNotContain("s3cret%20with%20spaces"));
        assertThat(forwarded.get(0)).startsWith("abc: url=http://OPENVIDUAPP:***@127.0.0.1:1/");
        assertThat(forwarded.get(1)).isEqualTo("abc: plain=***");
    }
}
