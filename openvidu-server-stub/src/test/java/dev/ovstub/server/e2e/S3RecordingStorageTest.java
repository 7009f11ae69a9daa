package dev.ovstub.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.internal.recorder.IndividualManifest;
import dev.ovstub.server.internal.recorder.MediaInfo;
import dev.ovstub.server.internal.recorder.Mp4Probe;
import dev.ovstub.server.testing.Await;
import dev.ovstub.server.testing.ControlClient;
import dev.ovstub.server.testing.S3MockProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openvidu.recording.storage=s3} with the embedded runtime: real recorders upload their finished files to a
 * real S3-compatible server (S3Mock, its own process), and the server serves, ranges and deletes them from there.
 */
class S3RecordingStorageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final S3MockProcess s3 = S3MockProcess.shared();

    @TempDir
    Path folder;
    OpenViduServerStub server;
    ControlClient http;
    String bucket;

    private void start(String hint) {
        bucket = s3.newBucket(hint);
        server = OpenViduServerStub.builder().recording(true).recordingPath(folder).resolution("320x180")
                .s3Storage(s3.endpoint(), bucket, S3MockProcess.ACCESS_KEY, S3MockProcess.SECRET_KEY).start();
        http = new ControlClient(server.baseUrl().toString(), ControlClient.basic("OPENVIDUAPP", server.secret()),
                java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private JsonNode call(String method, String path, Object body) throws Exception {
        ControlClient.Response r = http.send(method, path, body == null ? null : JSON.writeValueAsString(body));
        assertThat(r.status()).as("%s %s: %s", method, path, r.text()).isBetween(200, 204);
        return r.body().length == 0 ? null : JSON.readTree(r.text());
    }

    /** A 1.8 session with one simulated publisher, recorded for about a second. */
    private JsonNode record18() throws Exception {
        String session = call("POST", "/api/sessions", Map.of()).get("id").asText();
        String token = call("POST", "/api/tokens", Map.of("session", session)).get("id").asText();
        call("POST", "/stub/participants", Map.of("session", session, "token", token, "publish", true));
        String id = call("POST", "/api/recordings/start", Map.of("session", session)).get("id").asText();
        Thread.sleep(1200); // a recording of some length: the recorder is real-time
        return call("POST", "/api/recordings/stop/" + id, null);
    }

    @Test
    void aStoppedRecordingIsInTheBucketNotTheFolderAndIsServedWithRangesFromThere() throws Exception {
        start("served");

        JsonNode stopped = record18();

        String id = stopped.get("id").asText();
        assertThat(stopped.get("status").asText()).isEqualTo("stopped");
        assertThat(s3.keys(bucket)).containsExactly(id + ".mp4");
        assertThat(folder.resolve(id + ".mp4")).as("uploaded, then removed from the folder").doesNotExist();
        assertThat(folder.resolve(".recording." + id)).as("the metadata stays in the folder").exists();
        byte[] object = s3.object(bucket, id + ".mp4");
        assertThat(stopped.get("size").asLong()).isEqualTo(object.length);
        Path copy = Files.write(folder.resolve("copy.mp4"), object);
        MediaInfo info = Mp4Probe.probe(copy);
        assertThat(info.hasVideo()).isTrue();
        assertThat(stopped.get("duration").asDouble()).isCloseTo(info.durationSeconds(), org.assertj.core.data.Offset.offset(0.05));

        ControlClient.Response whole = http.send("GET", "/recordings/" + id + ".mp4", null);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.header("Content-Type")).isEqualTo("video/mp4");
        assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(whole.body()).isEqualTo(object);
        ControlClient.Response part = http.send("GET", "/recordings/" + id + ".mp4", null, "Range", "bytes=100-199");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes 100-199/" + object.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(object, 100, 200));
        ControlClient.Response suffix = http.send("GET", "/recordings/" + id + ".mp4", null, "Range", "bytes=-10");
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(object, object.length - 10, object.length));
        ControlClient.Response outside = http.send("GET", "/recordings/" + id + ".mp4", null, "Range",
                "bytes=" + object.length + "-");
        assertThat(outside.status()).isEqualTo(416);
        assertThat(outside.header("Content-Range")).isEqualTo("bytes */" + object.length);
        assertThat(http.send("GET", "/recordings/nothing.mp4", null).status()).isEqualTo(404);
    }

    @Test
    void deletingARecordingDeletesItsObject() throws Exception {
        start("deleted");
        String id = record18().get("id").asText();

        assertThat(http.send("DELETE", "/api/recordings/" + id, null).status()).isEqualTo(204);

        assertThat(s3.keys(bucket)).isEmpty();
        assertThat(http.send("GET", "/recordings/" + id + ".mp4", null).status()).isEqualTo(404);
        assertThat(http.send("GET", "/api/recordings/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void aFailedUploadEndsTheRecordingFailedAndKeepsTheLocalFileServed() throws Exception {
        start("upload-fails");
        s3.deleteBucket(bucket); // after the start-up check: the recorder's upload meets NoSuchBucket

        JsonNode stopped = record18();

        String id = stopped.get("id").asText();
        assertThat(stopped.get("status").asText()).isEqualTo("failed");
        Path local = folder.resolve(id + ".mp4");
        assertThat(local).as("kept where the recorder wrote it").exists();
        assertThat(Mp4Probe.probe(local).hasVideo()).as("a finished, playable file").isTrue();
        ControlClient.Response served = http.send("GET", "/recordings/" + id + ".mp4", null);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(Files.readAllBytes(local));
        s3.newBucket("again"); // (the deleted bucket's name stays free; nothing else to undo)
    }

    @Test
    void anIndividual2xRecordingIsOneArchiveObjectWhoseSizeIsItsStreamsSum() throws Exception {
        start("individual");
        String session = call("POST", "/openvidu/api/sessions", Map.of()).get("id").asText();
        String token = call("POST", "/openvidu/api/sessions/" + session + "/connection", Map.of()).get("token").asText();
        call("POST", "/stub/participants", Map.of("session", session, "token", token, "publish", true));
        JsonNode started = call("POST", "/openvidu/api/recordings/start",
                Map.of("session", session, "outputMode", "INDIVIDUAL", "name", "talk"));
        Thread.sleep(1200);

        JsonNode ready = call("POST", "/openvidu/api/recordings/stop/" + started.get("id").asText(), null);

        String key = started.get("id").asText() + "/talk.zip";
        assertThat(ready.get("status").asText()).isEqualTo("ready");
        assertThat(s3.keys(bucket)).containsExactly(key);
        Path zip = Files.write(folder.resolve("copy.zip"), s3.object(bucket, key));
        IndividualManifest manifest = IndividualManifest.readArchive(zip, "talk");
        assertThat(ready.get("size").asLong()).isEqualTo(manifest.totalSize());
        assertThat(ready.get("duration").asDouble()).isCloseTo(manifest.durationSeconds(),
                org.assertj.core.data.Offset.offset(0.01));
        ControlClient.Response served = http.send("GET", "/openvidu/recordings/" + key, null);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.header("Content-Type")).isEqualTo("application/zip");
        assertThat(served.body()).isEqualTo(Files.readAllBytes(zip));
    }

    @Test
    void aBucketThatDoesNotExistStopsTheStartNamingTheSetting() {
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> OpenViduServerStub.builder()
                .recording(true).recordingPath(folder)
                .s3Storage(s3.endpoint(), "no-such-bucket", S3MockProcess.ACCESS_KEY, S3MockProcess.SECRET_KEY).start());

        assertThat(refused).hasMessageContaining("openvidu.recording.s3.bucket").hasMessageContaining("no-such-bucket");
        assertThat(new String(refused.getMessage().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .doesNotContain(S3MockProcess.SECRET_KEY);
    }
}
