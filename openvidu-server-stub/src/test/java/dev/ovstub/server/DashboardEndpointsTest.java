package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ovstub.server.TestRecorders.Behaviour;
import org.junit.jupiter.api.Test;

/**
 * What the dashboard reads beyond the OpenVidu API: the server's facts ({@code GET /stub/info}), why recordings
 * failed ({@code GET /stub/recordings}), and its own files; all behind the Basic auth, none holding the secret.
 */
class DashboardEndpointsTest extends StubTestSupport {
    private static final String SECRET = "Sup3r s3cret/with%reserved#chars";

    @Test
    void theInfoEndpointTellsTheServersFactsAndNeverItsSecret() {
        OpenViduServerStub server = recordingServer(b -> b.secret(SECRET).freeAccess(true));
        Api api = new Api(server);

        Api.Resp r = api.get("/stub/info");

        assertThat(r.status()).isEqualTo(200);
        JsonNode info = r.json();
        assertThat(info.get("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(info.get("openviduApi").asText()).isEqualTo("1.8");
        assertThat(info.get("publicUrl").asText()).isEqualTo(server.baseUrl().toString());
        assertThat(info.get("https").asBoolean()).isFalse();
        assertThat(info.get("recording").asBoolean()).isTrue();
        assertThat(info.get("runtime").asText()).isEqualTo("test");
        assertThat(info.get("recordingsPath").asText()).isEqualTo(recordingsFolder().toAbsolutePath().toString());
        assertThat(info.get("freeAccess").asBoolean()).isTrue();
        assertThat(info.get("maxConcurrentRecordings").asInt()).isPositive();
        assertThat(r.body()).doesNotContain(SECRET).doesNotContain("Sup3r").doesNotContain("secret");
        assertThat(api.anonymous().get("/stub/info").status()).isEqualTo(401);
    }

    @Test
    void withRecordingOffTheInfoSaysSoAndTheRecordingsViewIsA501() {
        OpenViduServerStub server = plainServer();
        Api api = new Api(server);

        JsonNode info = api.get("/stub/info").json();

        assertThat(info.get("recording").asBoolean()).isFalse();
        assertThat(info.get("runtime").isNull()).isTrue();
        assertThat(info.get("recordingsPath").isNull()).isTrue();
        Api.Resp recordings = api.get("/stub/recordings");
        assertThat(recordings.status()).isEqualTo(501);
        assertThat(recordings.message()).contains("recording is disabled");
    }

    @Test
    void theRecordingsViewGivesTheReasonOfAFailureAndNoneForOtherRecordings() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String failing = api.manualSession();
        api.join(failing, true);
        recorders.next(Behaviour.EXITS_BEFORE_WRITING);
        assertThat(api.startRecording(failing).status()).isEqualTo(500);
        String fine = api.manualSession();
        api.join(fine, true);
        String fineId = api.startRecording(fine).json().get("id").asText();
        api.stopRecording(fineId);

        JsonNode items = api.get("/stub/recordings").json().get("items");

        assertThat(items).hasSize(2);
        for (JsonNode item : items) {
            if (item.get("id").asText().equals(fineId)) {
                assertThat(item.get("status").asText()).isEqualTo("stopped");
                assertThat(item.get("failureReason").isNull()).isTrue();
            } else {
                assertThat(item.get("status").asText()).isEqualTo("failed");
                assertThat(item.get("failureReason").asText()).contains("exited with code 3");
            }
            // The ten fields of the 1.8 recording JSON, as GET /api/recordings lists them, and the reason.
            assertThat(item.size()).isEqualTo(11);
        }
        assertThat(api.get("/api/recordings").json().get("items").get(0).has("failureReason"))
                .as("the OpenVidu API keeps 1.8's ten fields").isFalse();
    }

    @Test
    void thePageAtTheRootHoldsTheLayoutAndTheDashboardAndItsFilesNeedTheCredentials() {
        OpenViduServerStub server = plainServer();
        Api api = new Api(server);

        Api.Resp page = api.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("layout-best-fit").contains("./dashboard/app.js");
        for (String file : new String[] {"app.js", "api.js", "dashboard.css"}) {
            Api.Resp r = api.get("/dashboard/" + file);
            assertThat(r.status()).as(file).isEqualTo(200);
            assertThat(r.header("Content-Type").orElseThrow()).startsWith(file.endsWith(".js") ? "text/javascript" : "text/css");
            assertThat(api.anonymous().get("/dashboard/" + file).status()).as(file + " without credentials").isEqualTo(401);
        }
        Api.Resp missing = api.get("/dashboard/nope.js");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.message()).isEqualTo("no dashboard file nope.js");
        // A name is a key, never a path (Jetty itself refuses an encoded slash with 400).
        assertThat(api.get("/dashboard/..%2Fdashboard%2Fapp.js").status()).isIn(400, 404);
        assertThat(api.get("/dashboard/version.properties").status()).isEqualTo(404);
    }
}
