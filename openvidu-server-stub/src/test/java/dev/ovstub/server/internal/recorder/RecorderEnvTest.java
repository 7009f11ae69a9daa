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

    // ---- 2.x recordings: RECORDING_JSON says what to record ----

    static String v2Json(String outputMode, boolean audio, boolean video) {
        return "{\"id\":\"ses_A~1\",\"object\":\"recording\",\"name\":\"talk\",\"outputMode\":\"" + outputMode
                + "\",\"sessionId\":\"ses_A\",\"createdAt\":1700000000000,\"size\":0,\"duration\":0,\"url\":null,"
                + "\"hasAudio\":" + audio + ",\"hasVideo\":" + video + ",\"status\":\"starting\"}";
    }

    @Test
    void a2xRecordingJsonDecidesTheTracksTheModeAndTheFormatItMustHave() throws Exception {
        Map<String, String> env = env();
        env.put("RECORDING_JSON", v2Json("COMPOSED", true, false));
        env.put("VIDEO_FORMAT", "webm");
        RecorderEnv audioOnly = RecorderEnv.parse(env);
        assertThat(audioOnly.hasAudio()).isTrue();
        assertThat(audioOnly.hasVideo()).isFalse();
        assertThat(audioOnly.individual()).isNull();
        assertThat(audioOnly.outputFile().getFileName().toString()).endsWith(".webm");

        env.put("RECORDING_JSON", v2Json("COMPOSED", false, true));
        env.put("VIDEO_FORMAT", "mp4");
        RecorderEnv videoOnly = RecorderEnv.parse(env);
        assertThat(videoOnly.hasAudio()).isFalse();
        assertThat(videoOnly.hasVideo()).isTrue();

        env.put("RECORDING_JSON", v2Json("INDIVIDUAL", true, true));
        env.put("VIDEO_FORMAT", "zip");
        RecorderEnv individual = RecorderEnv.parse(env);
        assertThat(individual.individual())
                .isEqualTo(new IndividualManifest.Header(1_700_000_000_000L, "ses_A~1", "talk", "ses_A"));

        env.remove("VIDEO_FORMAT");
        assertThat(RecorderEnv.parse(env).videoFormat()).as("the format follows the JSON when not given").isEqualTo("zip");
    }

    @Test
    void a18RecordingJsonChangesNothing() throws Exception {
        Map<String, String> env = env();
        env.put("RECORDING_JSON", "{\"id\":\"abc\",\"hasAudio\":false,\"hasVideo\":true}");
        RecorderEnv e = RecorderEnv.parse(env);
        assertThat(e.hasAudio()).as("1.8 records both, whatever its JSON says").isTrue();
        assertThat(e.hasVideo()).isTrue();
        assertThat(e.individual()).isNull();
        assertThat(e.videoFormat()).isEqualTo("mp4");
        env.put("RECORDING_JSON", "not json at all");
        assertThat(RecorderEnv.parse(env).videoFormat()).isEqualTo("mp4");
    }

    @Test
    void aFormatThatContradictsThe2xRecordingJsonIsAConfigurationErrorNamingBoth() {
        Object[][] cases = {
                {v2Json("COMPOSED", true, false), "mp4", "VIDEO_FORMAT"},
                {v2Json("COMPOSED", true, true), "webm", "VIDEO_FORMAT"},
                {v2Json("INDIVIDUAL", true, true), "mp4", "VIDEO_FORMAT"},
                {v2Json("COMPOSED", false, false), "mp4", "RECORDING_JSON"},
                {v2Json("SIDEWAYS", true, true), "mp4", "RECORDING_JSON"},
        };
        for (Object[] c : cases) {
            Map<String, String> env = env();
            env.put("RECORDING_JSON", (String) c[0]);
            env.put("VIDEO_FORMAT", (String) c[1]);
            assertThatThrownBy(() -> RecorderEnv.parse(env)).as("%s with %s", c[0], c[1])
                    .isInstanceOf(RecorderEnv.ConfigException.class)
                    .hasMessageContaining((String) c[2]);
        }
    }
}
