package dev.ovstub.server.internal.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderEnvTest {
    @TempDir
    Path dir;

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("URL", "https://OPENVIDUAPP:MY_SECRET@localhost:8443/#/layout-best-fit/abcdefgh12345678/MY_SECRET");
        env.put("VIDEO_NAME", "abcdefgh12345678");
        env.put("RECORDINGS_PATH", dir.toString());
        return env;
    }

    @Test
    void defaultsAreThoseOfOpenVidu18() throws Exception {
        RecorderEnv e = RecorderEnv.parse(env());

        assertThat(e.width()).isEqualTo(1920);
        assertThat(e.height()).isEqualTo(1080);
        assertThat(e.frameRate()).isEqualTo(25);
        assertThat(e.videoFormat()).isEqualTo("mp4");
        assertThat(e.userId()).isNull();
        assertThat(e.stopFile()).isNull();
        assertThat(e.outputFile()).isEqualTo(dir.resolve("abcdefgh12345678.mp4"));
    }

    @Test
    void everyVariableIsRead() throws Exception {
        Map<String, String> env = env();
        env.put("RESOLUTION", "1280x720");
        env.put("FRAMERATE", "30");
        env.put("VIDEO_FORMAT", "MP4");
        env.put("USER_ID", "1000");
        env.put("RECORDING_JSON", "{}");
        env.put("STOP_FILE", dir.resolve("stop").toString());

        RecorderEnv e = RecorderEnv.parse(env);

        assertThat(e.width()).isEqualTo(1280);
        assertThat(e.height()).isEqualTo(720);
        assertThat(e.frameRate()).isEqualTo(30);
        assertThat(e.videoFormat()).isEqualTo("mp4");
        assertThat(e.userId()).isEqualTo(1000);
        assertThat(e.recordingJson()).isEqualTo("{}");
        assertThat(e.stopFile()).isEqualTo(dir.resolve("stop"));
    }

    @Test
    void badValuesAreRejectedWithAMessageNamingTheVariable() {
        Object[][] cases = {
                {"URL", null}, {"URL", "not a url"}, {"URL", "https://h:1/#/layout-best-fit/only"},
                {"VIDEO_NAME", null}, {"VIDEO_NAME", "../x"}, {"VIDEO_NAME", "a/b"},
                {"RESOLUTION", "abc"}, {"RESOLUTION", "1281x720"}, {"RESOLUTION", "8x8"},
                {"FRAMERATE", "fast"}, {"FRAMERATE", "0"}, {"FRAMERATE", "500"},
                {"VIDEO_FORMAT", "webm"}, {"USER_ID", "bob"}, {"USER_ID", "-1"},
                {"RECORDINGS_PATH", "/nonexistent/folder"},
        };
        for (Object[] c : cases) {
            Map<String, String> env = env();
            if (c[1] == null) env.remove((String) c[0]);
            else env.put((String) c[0], (String) c[1]);
            assertThatThrownBy(() -> RecorderEnv.parse(env)).as("%s=%s", c[0], c[1])
                    .isInstanceOf(RecorderEnv.ConfigException.class)
                    .hasMessageContaining((String) c[0])
                    .hasMessageNotContaining("MY_SECRET");
        }
    }
}
