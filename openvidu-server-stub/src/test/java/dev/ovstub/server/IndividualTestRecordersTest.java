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
}
