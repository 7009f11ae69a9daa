package dev.ovstub.server;

import static dev.ovstub.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ovstub.server.internal.recorder.IndividualManifest;
import org.junit.jupiter.api.Test;

/** The test recorders (the fast runtime of the API tests) finish 2.x INDIVIDUAL recordings as archives the server reads. */
class IndividualTestRecordersTest extends StubTestSupport {
    @Test
    void anIndividualRecordingOfTheTestRecordersEndsReadyWithItsArchivesSizeAndDuration() throws Exception {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String s = api.post("/openvidu/api/sessions", null).json().get("id").asText();
        String token = api.post("/openvidu/api/sessions/" + s + "/connection", null).json().get("token").asText();
        assertThat(api.post("/stub/participants", obj("session", s, "token", token, "publish", true)).status()).isEqualTo(200);
        String id = api.post("/openvidu/api/recordings/start", obj("session", s, "outputMode", "INDIVIDUAL", "name", "t"))
                .json().get("id").asText();

        JsonNode stopped = api.post("/openvidu/api/recordings/stop/" + id, null).json();

        assertThat(stopped.get("status").asText()).isEqualTo("ready");
        IndividualManifest m = IndividualManifest.readArchive(recordingsFolder().resolve(id).resolve("t.zip"), "t");
        assertThat(stopped.get("size").asLong()).isEqualTo(m.totalSize()).isPositive();
        assertThat(stopped.get("duration").asDouble()).isEqualTo(5.0);
        assertThat(stopped.get("url").asText()).endsWith("/" + id + "/t.zip");
    }

    @Test
    void afterACrashAFinishedArchiveIsRecoveredFromItsManifestAndAnEmptyOneFails() throws Exception {
        java.nio.file.Path folder = recordingsFolder();
        String done;
        String cut;
        try (OpenViduServerStub first = recordingServer()) {
            Api api = new Api(first);
            done = individualRecording(api, "done");
            cut = individualRecording(api, "cut");
        }
        // As a server killed while recording leaves them: still "started"; one recorder finished its archive, the
        // other died and left the empty archive of a running recording.
        for (String id : new String[] {done, cut}) {
            java.nio.file.Path meta = folder.resolve(id).resolve(".recording." + id);
            java.nio.file.Files.writeString(meta, java.nio.file.Files.readString(meta).replace("\"ready\"", "\"started\""));
        }
        IndividualManifest m = IndividualManifest.readArchive(folder.resolve(done).resolve("done.zip"), "done");
        java.nio.file.Path cutZip = folder.resolve(cut).resolve("cut.zip");
        try (var out = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(cutZip))) {
            out.setComment("recording in progress");
        }
        // Untouched for a minute: the recovery need not wait for them to settle.
        for (java.nio.file.Path f : java.util.List.of(folder.resolve(done).resolve("done.zip"), cutZip)) {
            java.nio.file.Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(60)));
        }

        Api api = new Api(recordingServer());

        JsonNode recovered = api.get("/openvidu/api/recordings/" + done).json();
        assertThat(recovered.get("status").asText()).isEqualTo("ready");
        assertThat(recovered.get("size").asLong()).isEqualTo(m.totalSize());
        assertThat(recovered.get("duration").asDouble()).isEqualTo(m.durationSeconds());
        assertThat(api.get("/openvidu/api/recordings/" + cut).json().get("status").asText()).isEqualTo("failed");
    }

    private static String individualRecording(Api api, String name) {
        String s = api.post("/openvidu/api/sessions", null).json().get("id").asText();
        String token = api.post("/openvidu/api/sessions/" + s + "/connection", null).json().get("token").asText();
        assertThat(api.post("/stub/participants", obj("session", s, "token", token, "publish", true)).status()).isEqualTo(200);
        String id = api.post("/openvidu/api/recordings/start", obj("session", s, "outputMode", "INDIVIDUAL", "name", name))
                .json().get("id").asText();
        assertThat(api.post("/openvidu/api/recordings/stop/" + id, null).json().get("status").asText()).isEqualTo("ready");
        return id;
    }
}
