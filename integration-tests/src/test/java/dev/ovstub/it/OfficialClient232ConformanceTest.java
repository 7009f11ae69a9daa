package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ovstub.it.flows.StubHttp;
import dev.ovstub.it.support.JarServer;
import dev.ovstub.it.support.Mp4;
import dev.ovstub.it.support.Official232;
import dev.ovstub.it.support.RecordingChecks;
import dev.ovstub.server.testing.Await;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official {@code io.openvidu:openvidu-java-client:2.32.1} from Maven Central, unchanged, against the 2.x
 * surface of our runnable jar ({@code /openvidu/api}, contract {@code openvidu-2.x-wire-contract.md}): every public
 * call it makes, with what it sends by default, the statuses it turns into {@code OpenViduHttpException}s, MANUAL
 * and ALWAYS with the automatic stop, public access off and on, and recording off.
 *
 * <p>The client runs in a class loader of its own ({@link Official232}). As applications do, each server gets one
 * client for the whole run, and many of its calls fail: the lesson of 1.8.0, whose client hung for ever after two
 * error answers, is checked by a thousand refused calls on the same instance. Simulated participants join through
 * the control API ({@code POST /stub/participants} with the connection's token URL).
 */
@SuppressWarnings("unchecked")
class OfficialClient232ConformanceTest {
    /** {@code openvidu.recording.autostop-timeout} of the recording servers, seconds. */
    static final int AUTOSTOP_SECONDS = 2;
    static final String SMALL = "640x360";
    static final Pattern SESSION_ID = Pattern.compile("ses_[A-Za-z][0-9A-Za-z]{9}");
    static final Pattern CONNECTION_ID = Pattern.compile("con_[A-Za-z][0-9A-Za-z]{9}");
    static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    static Path folders;

    static JarServer recorded;
    static JarServer publicAccess;
    static JarServer recordingOff;
    /** One official client per server, for the whole run. */
    static Official232 client;
    static Official232 publicClient;
    static Official232 offClient;
    static StubHttp stub;

    @BeforeAll
    static void startJars() throws Exception {
        Path layout = Files.createDirectories(folders.resolve("custom-layouts").resolve("mine"));
        Files.writeString(layout.resolve("index.html"), "<!doctype html><title>mine</title><body style=\"background:#123\">");
        recorded = recordingServer("private", false)
                .property("openvidu.recording.custom-layout", folders.resolve("custom-layouts").toString()).start();
        publicAccess = recordingServer("public", true).start();
        recordingOff = JarServer.builder().start();
        client = Official232.connect(recorded.baseUrl(), recorded.secret());
        publicClient = Official232.connect(publicAccess.baseUrl(), publicAccess.secret());
        offClient = Official232.connect(recordingOff.baseUrl(), recordingOff.secret());
        stub = new StubHttp(recorded.baseUrl(), recorded.secret());
    }

    private static JarServer.Builder recordingServer(String folder, boolean publicAccess) {
        return JarServer.builder().recording(folders.resolve(folder))
                .property("openvidu.recording.public-access", String.valueOf(publicAccess))
                .property("openvidu.recording.autostop-timeout", String.valueOf(AUTOSTOP_SECONDS));
    }

    @AfterAll
    static void stopJars() {
        for (JarServer jar : new JarServer[] {recorded, publicAccess, recordingOff}) {
            if (jar != null) {
                jar.close();
            }
        }
    }

    // ---- the loader ----

    @Test
    void theIsolatedLoaderRunsTheOfficial2321ClientAndSeesNeitherOursNorTheTests() throws Exception {
        try (URLClassLoader loader = Official232.isolatedLoader()) {
            Class<?> official = loader.loadClass("io.openvidu.java.client.OpenVidu");
            assertThat(official.getProtectionDomain().getCodeSource().getLocation().getPath())
                    .endsWith("openvidu-java-client-2.32.1.jar");
            assertThat(loader.loadClass("io.openvidu.java.client.RecordingProperties")).as("a 2.x-only class").isNotNull();
            assertThat(official).isNotSameAs(io.openvidu.java.client.OpenVidu.class);
            assertThatThrownBy(() -> loader.loadClass("io.openvidu.java.client.Archive"))
                    .as("a 1.8-only class of ours").isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> loader.loadClass("org.junit.jupiter.api.Test")).isInstanceOf(ClassNotFoundException.class);
        }
        assertThat((String) client.call("clientLocation")).endsWith("openvidu-java-client-2.32.1.jar");
    }

    // ---- sessions ----

    @Test
    void createSessionWithoutPropertiesGivesAGeneratedIdAndTheDefaults() {
        Map<String, Object> s = client.call("createSession", Map.of());

        assertThat((String) s.get("sessionId")).matches(SESSION_ID);
        assertThat((long) s.get("createdAt")).isCloseTo(System.currentTimeMillis(), within(60_000L));
        assertThat(s).containsEntry("recording", false).containsEntry("mediaMode", "ROUTED")
                .containsEntry("recordingMode", "MANUAL").containsEntry("forcedVideoCodec", "MEDIA_SERVER_PREFERRED")
                .containsEntry("allowTranscoding", false);
        assertThat((List<?>) s.get("connections")).isEmpty();
        assertThat((List<String>) client.call("activeSessionIds")).contains((String) s.get("sessionId"));

        Map<String, Object> fetched = client.call("fetchSession", s.get("sessionId"));
        Map<String, Object> again = client.call("fetchSession", s.get("sessionId"));
        assertThat(again).as("a second fetch without any change in between").containsEntry("changed", false);
        assertThat(session(again)).containsEntry("sessionId", s.get("sessionId")).containsEntry("createdAt", s.get("createdAt"))
                .containsEntry("recording", false).isEqualTo(session(fetched));
    }

    @Test
    void aCustomSessionIdIsTheIdAndCreatingItAgainIsAbsorbedAsTheContractSays() {
        String custom = "custom_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, Object> props = new HashMap<>(Map.of("customSessionId", custom, "recordingMode", "MANUAL",
                "forcedVideoCodec", "VP8", "allowTranscoding", true,
                "defaultRecordingProperties", Map.of("name", "defaultName", "resolution", SMALL, "frameRate", 10)));

        Map<String, Object> first = client.call("createSession", props);
        Map<String, Object> second = client.call("createSession", props);

        assertThat(first).containsEntry("sessionId", custom).containsEntry("customSessionId", custom)
                .containsEntry("forcedVideoCodec", "VP8").containsEntry("allowTranscoding", true);
        assertThat(second).as("409 absorbed: the client fetched the existing session")
                .containsEntry("sessionId", custom).containsEntry("createdAt", first.get("createdAt"));
        assertThat((List<String>) client.call("activeSessionIds")).containsOnlyOnce(custom);
        StubHttp.Response raw = stub.postJson("/openvidu/api/sessions", "{\"customSessionId\":\"" + custom + "\"}");
        assertThat(raw.status()).isEqualTo(409);
        Map<String, Object> fetched = session(client.call("fetchSession", custom));
        assertThat((String) fetched.get("defaultRecordingProperties"))
                .contains("\"name\":\"defaultName\"", "\"resolution\":\"" + SMALL + "\"", "\"frameRate\":10");
    }

    /** Contract 3.1: any invalid defaultRecordingProperties is a 400 at session creation (422 is for starts only). */
    @Test
    void invalidDefaultRecordingPropertiesAtSessionCreationAreA400() {
        for (Map<String, Object> invalid : List.<Map<String, Object>>of(Map.of("frameRate", 500),
                Map.of("resolution", "99x99"), Map.of("hasAudio", false, "hasVideo", false), Map.of("shmSize", 1L))) {
            assertThat(client.status("createSession", Map.of("defaultRecordingProperties", invalid)))
                    .as("defaultRecordingProperties %s", invalid).isEqualTo(400);
        }
    }

    @Test
    void fetchAllSeesSessionsCreatedElsewhereAndReportsAChangeOnlyWhenThereIsOne() {
        client.call("fetchAll");
        assertThat((boolean) client.call("fetchAll")).as("nothing happened between two fetches").isFalse();

        StubHttp.Response created = stub.postJson("/openvidu/api/sessions", "{}");
        assertThat(created.status()).isEqualTo(200);
        String elsewhere = StubHttp.stringField(created.text(), "id");

        assertThat((boolean) client.call("fetchAll")).isTrue();
        assertThat((List<String>) client.call("activeSessionIds")).contains(elsewhere);
        assertThat((boolean) client.call("fetchAll")).isFalse();

        String sessionId = newSession();
        Map<String, Object> c = client.call("createConnection", sessionId, Map.of());
        stub.join(sessionId, (String) c.get("token"), true, null);
        assertThat((boolean) client.call("fetchAll")).as("a participant joined").isTrue();
        assertThat((List<String>) client.call("activeConnectionIds", sessionId)).containsExactly((String) c.get("connectionId"));
        assertThat((boolean) client.call("fetchAll")).as("nothing changed since, with a publisher in the session").isFalse();
    }

    @Test
    void closeRemovesTheSessionAndASecondCloseOrAFetchIs404() {
        String sessionId = newSession();
        Map<String, Object> c = client.call("createConnection", sessionId, Map.of());
        stub.join(sessionId, (String) c.get("token"), true, null);

        client.call("close", sessionId);

        assertThat((List<String>) client.call("activeSessionIds")).doesNotContain(sessionId);
        assertThat(stub.get("/openvidu/api/sessions/" + sessionId, true).status()).isEqualTo(404);
        String other = newSession();
        assertThat(stub.delete("/openvidu/api/sessions/" + other).status()).isEqualTo(204);
        assertThat(client.status("fetchSession", other)).isEqualTo(404);
        String third = newSession();
        assertThat(stub.delete("/openvidu/api/sessions/" + third).status()).isEqualTo(204);
        assertThat(client.status("close", third)).isEqualTo(404);
    }

    // ---- connections and tokens ----

    @ParameterizedTest(name = "role {0}")
    @ValueSource(strings = {"SUBSCRIBER", "PUBLISHER", "MODERATOR"})
    void aConnectionIsPendingWithItsRoleAndDataAndTurnsActiveKeepingItsIdWhenAParticipantJoinsWithItsToken(String role) {
        String sessionId = newSession();
        boolean publishes = !role.equals("SUBSCRIBER");

        Map<String, Object> pending = client.call("createConnection", sessionId,
                Map.of("role", role, "data", "{\"user\":\"alice\"}", "record", false));

        String connectionId = (String) pending.get("connectionId");
        assertThat(connectionId).matches(CONNECTION_ID);
        assertThat(pending).containsEntry("status", "pending").containsEntry("role", role).containsEntry("type", "WEBRTC")
                .containsEntry("serverData", "{\"user\":\"alice\"}").containsEntry("record", false)
                .containsEntry("activeAt", null).containsEntry("location", null).containsEntry("ip", null)
                .containsEntry("platform", null).containsEntry("clientData", null);
        assertThat((List<?>) pending.get("publishers")).isEmpty();
        assertThat((String) pending.get("token")).matches("wss://[^/?]+\\?sessionId=" + Pattern.quote(sessionId)
                + "&token=tok_[A-Za-z][0-9A-Za-z]{15}");
        Map<String, Object> listed = session(client.call("fetchSession", sessionId));
        assertThat(connections(listed)).singleElement().satisfies(c -> assertThat(c)
                .containsEntry("connectionId", connectionId).containsEntry("status", "pending"));

        long beforeJoin = System.currentTimeMillis();
        stub.join(sessionId, (String) pending.get("token"), publishes, "{\"clientData\":\"Alice\"}");
        Map<String, Object> fetch = client.call("fetchSession", sessionId);

        assertThat(fetch).containsEntry("changed", true);
        Map<String, Object> active = client.call("connection", sessionId, connectionId);
        assertThat(active).as("the same connection, now active").containsEntry("status", "active")
                .containsEntry("role", role).containsEntry("token", pending.get("token"))
                .containsEntry("createdAt", pending.get("createdAt")).containsEntry("serverData", "{\"user\":\"alice\"}");
        assertThat((Long) active.get("activeAt")).isBetween(beforeJoin - 1000, System.currentTimeMillis() + 1000);
        assertThat((String) active.get("platform")).isNotNull();
        assertThat((String) active.get("clientData")).contains("Alice");
        assertThat((List<String>) client.call("activeConnectionIds", sessionId)).containsExactly(connectionId);
        List<Map<String, Object>> publishers = (List<Map<String, Object>>) active.get("publishers");
        if (publishes) {
            assertThat(publishers).singleElement().satisfies(p -> {
                assertThat((String) p.get("streamId")).matches("str_CAM_[A-Za-z][0-9A-Za-z]{3}_" + Pattern.quote(connectionId));
                assertThat(p).containsEntry("hasVideo", true).containsEntry("typeOfVideo", "CAMERA");
                assertThat((String) p.get("videoDimensions")).contains("width", "height");
            });
        } else {
            assertThat(publishers).isEmpty();
        }
        assertThat((boolean) ((Map<String, Object>) client.call("fetchSession", sessionId)).get("changed"))
                .as("fetched twice without a change").isFalse();
    }

    @Test
    void aConnectionWithoutPropertiesIsAPublisherWithEmptyDataRecorded() {
        String sessionId = newSession();

        Map<String, Object> c = client.call("createConnection", sessionId, Map.of());

        assertThat(c).containsEntry("status", "pending").containsEntry("role", "PUBLISHER").containsEntry("serverData", "")
                .containsEntry("record", true).containsEntry("type", "WEBRTC");
    }

    @Test
    void kurentoOptionsAndCustomIceServersAreAcceptedAndKeptThroughTheJoin() {
        String sessionId = newSession();
        String ice = "turn:turn.example.org:3478 user pass";

        Map<String, Object> c = client.call("createConnection", sessionId,
                Map.of("videoMaxRecvBandwidth", 1000, "iceServerUrl", "turn:turn.example.org:3478"));
        stub.join(sessionId, (String) c.get("token"), true, null);
        client.call("fetchSession", sessionId);

        assertThat((List<String>) c.get("customIceServers")).containsExactly(ice);
        Map<String, Object> active = client.call("connection", sessionId, c.get("connectionId"));
        assertThat(active).containsEntry("status", "active");
        assertThat((List<String>) active.get("customIceServers")).containsExactly(ice);
        String raw = stub.get("/openvidu/api/sessions/" + sessionId + "/connection/" + c.get("connectionId"), true).text();
        assertThat(raw).contains("\"videoMaxRecvBandwidth\":1000", "GStreamerFilter");
    }

    @Test
    void theDeprecatedGenerateTokenGivesATokenUrlThatIsAPendingConnectionAParticipantCanUse() {
        String sessionId = newSession();

        String token = client.call("generateToken", sessionId, Map.of("role", "MODERATOR", "data", "bob"));
        String defaults = client.call("generateToken", sessionId, Map.of());

        assertThat(token).startsWith("wss://").contains("sessionId=" + sessionId, "token=tok_");
        assertThat(defaults).contains("token=tok_").isNotEqualTo(token);
        List<Map<String, Object>> pending = connections(session(client.call("fetchSession", sessionId)));
        assertThat(pending).extracting(c -> c.get("token")).containsExactlyInAnyOrder(token, defaults);
        assertThat(pending).filteredOn(c -> token.equals(c.get("token"))).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("role", "MODERATOR").containsEntry("serverData", "bob")
                        .containsEntry("status", "pending"));

        stub.join(sessionId, token, true, null);
        client.call("fetchSession", sessionId);
        assertThat(connections(session(client.call("fetchSession", sessionId))))
                .filteredOn(c -> token.equals(c.get("token"))).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("status", "active"));
    }

    @Test
    void connectionsAndTokensOfAClosedSessionAre404() {
        String sessionId = newSession();
        assertThat(stub.delete("/openvidu/api/sessions/" + sessionId).status()).isEqualTo(204);

        assertThat(client.status("createConnection", sessionId, Map.of())).isEqualTo(404);
        assertThat(client.status("generateToken", sessionId, Map.of())).isEqualTo(404);
    }

    @Test
    void forceDisconnectRevokesAPendingConnectionAndEvictsActiveOnes() {
        String sessionId = newSession();
        Map<String, Object> a = client.call("createConnection", sessionId, Map.of("data", "a"));
        Map<String, Object> b = client.call("createConnection", sessionId, Map.of("data", "b"));
        Map<String, Object> stays = client.call("createConnection", sessionId, Map.of("data", "stays"));
        Map<String, Object> pending = client.call("createConnection", sessionId, Map.of("data", "pending"));
        stub.join(sessionId, (String) a.get("token"), true, null);
        stub.join(sessionId, (String) b.get("token"), true, null);
        stub.join(sessionId, (String) stays.get("token"), false, null);
        client.call("fetchSession", sessionId);

        client.call("forceDisconnect", sessionId, pending.get("connectionId"));
        client.call("forceDisconnect", sessionId, a.get("connectionId"));
        client.call("forceDisconnectObject", sessionId, b.get("connectionId"));

        assertThat(client.status("forceDisconnect", sessionId, a.get("connectionId"))).as("already gone").isEqualTo(404);
        assertThat(client.status("forceDisconnect", sessionId, "con_Nosuchcon1")).isEqualTo(404);
        assertThat((List<String>) client.call("activeConnectionIds", sessionId)).as("the client's own bookkeeping")
                .containsExactly((String) stays.get("connectionId"));
        client.call("fetchSession", sessionId);
        assertThat(connections((Map<String, Object>) client.call("session", sessionId))).extracting(c -> c.get("connectionId"))
                .containsExactly(stays.get("connectionId"));
        StubHttp.Response revoked = stub.postJson("/stub/participants", "{\"session\":" + StubHttp.quote(sessionId)
                + ",\"token\":" + StubHttp.quote((String) pending.get("token")) + ",\"publish\":true}");
        assertThat(revoked.status()).as("joining with a revoked token: %s", revoked).isBetween(400, 499);
    }

    @Test
    void evictingTheLastParticipantClosesASessionThatIsNotRecorded() {
        String sessionId = newSession();
        Map<String, Object> only = client.call("createConnection", sessionId, Map.of());
        stub.join(sessionId, (String) only.get("token"), true, null);

        client.call("forceDisconnect", sessionId, only.get("connectionId"));

        assertThat(stub.get("/openvidu/api/sessions/" + sessionId, true).status()).isEqualTo(404);
        assertThat(client.status("fetchSession", sessionId)).isEqualTo(404);
    }

    @Test
    void forceDisconnectOnASessionTheServerClosedIs400() {
        String sessionId = newSession();
        Map<String, Object> c = client.call("createConnection", sessionId, Map.of());
        assertThat(stub.delete("/openvidu/api/sessions/" + sessionId).status()).isEqualTo(204);

        assertThat(client.status("forceDisconnect", sessionId, c.get("connectionId"))).isEqualTo(400);
    }

    @Test
    void forceUnpublishEndsTheStreamAndKeepsTheConnectionActive() {
        String sessionId = newSession();
        Map<String, Object> a = client.call("createConnection", sessionId, Map.of());
        Map<String, Object> b = client.call("createConnection", sessionId, Map.of());
        stub.join(sessionId, (String) a.get("token"), true, null);
        stub.join(sessionId, (String) b.get("token"), true, null);
        client.call("fetchSession", sessionId);
        String streamA = streamOf(sessionId, (String) a.get("connectionId"));
        String streamB = streamOf(sessionId, (String) b.get("connectionId"));

        client.call("forceUnpublish", sessionId, streamA);
        client.call("forceUnpublishObject", sessionId, streamB);
        client.call("fetchSession", sessionId);

        for (Map<String, Object> c : List.of(a, b)) {
            Map<String, Object> after = client.call("connection", sessionId, c.get("connectionId"));
            assertThat(after).containsEntry("status", "active");
            assertThat((List<?>) after.get("publishers")).isEmpty();
        }
        assertThat(client.status("forceUnpublish", sessionId, streamA)).as("already unpublished").isEqualTo(404);
        assertThat(client.status("forceUnpublish", sessionId, "str_CAM_Nope_con_Nosuchcon1")).isEqualTo(404);
    }

    @Test
    void theProOnlyCallsAreRefusedAsByOpenViduCe() {
        String sessionId = newSession();
        Map<String, Object> c = client.call("createConnection", sessionId, Map.of());

        assertThat(client.status("updateConnection", sessionId, c.get("connectionId"), "MODERATOR"))
                .as("PATCH connection has no CE mapping").isEqualTo(405);
        assertThat(client.status("startBroadcast", sessionId, "rtmp://localhost/live"))
                .as("broadcast has no CE mapping").isEqualTo(404);
    }

    // ---- recordings ----

    @Test
    void aComposedRecordingWithEveryOptionStartsStopsReadyAndIsReadListedDownloadedAndDeleted() throws Exception {
        String sessionId = newSession();
        joinPublishing(client, stub, sessionId);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("name", "everyOption");
        props.put("hasAudio", true);
        props.put("hasVideo", true);
        props.put("outputMode", "COMPOSED");
        props.put("recordingLayout", "BEST_FIT");
        props.put("resolution", SMALL);
        props.put("frameRate", 15);
        props.put("shmSize", 536870912L);

        Map<String, Object> started = client.call("startRecording", sessionId, props);

        String id = (String) started.get("id");
        assertThat(id).as("the first recording of a session has its id").isEqualTo(sessionId);
        assertThat(started).containsEntry("status", "started").containsEntry("name", "everyOption")
                .containsEntry("sessionId", sessionId).containsEntry("size", 0L).containsEntry("duration", 0.0)
                .containsEntry("url", null).containsEntry("outputMode", "COMPOSED").containsEntry("resolution", SMALL)
                .containsEntry("frameRate", 15).containsEntry("recordingLayout", "BEST_FIT")
                .containsEntry("hasAudio", true).containsEntry("hasVideo", true);
        assertThat((boolean) client.call("isBeingRecorded", sessionId)).isTrue();
        assertThat((Map<String, Object>) client.call("getRecording", id)).containsEntry("status", "started");
        assertThat((boolean) session(client.call("fetchSession", sessionId)).get("recording")).isTrue();
        Thread.sleep(1500); // the time being recorded

        Map<String, Object> stopped = client.call("stopRecording", id);

        assertThat(stopped).containsEntry("status", "ready").containsEntry("id", id).containsEntry("name", "everyOption")
                .containsEntry("resolution", SMALL).containsEntry("frameRate", 15).containsEntry("hasAudio", true)
                .containsEntry("hasVideo", true)
                .containsEntry("url", recorded.baseUrl() + "/openvidu/recordings/" + id + "/everyOption.mp4");
        assertThat((long) stopped.get("size")).isPositive();
        assertThat((double) stopped.get("duration")).isBetween(1.0, 10.0);
        assertThat((boolean) client.call("isBeingRecorded", sessionId)).isFalse();
        assertThat((Map<String, Object>) client.call("getRecording", id)).isEqualTo(stopped);
        assertThat((List<Map<String, Object>>) client.call("listRecordings")).contains(stopped);

        Path file = recorded.recordingPath().resolve(id).resolve("everyOption.mp4");
        assertThat(file).exists().hasSize((long) stopped.get("size"));
        RecordingChecks.assertH264Aac(file, 640, 360, (double) stopped.get("duration"), 0.5);
        double frames15 = (double) stopped.get("duration") * 15;
        assertThat(Mp4.probe(file).videoFrames()).as("15 frames a second, not the default 25")
                .isBetween((int) (frames15 * 0.8), (int) Math.ceil(frames15 * 1.2));
        String path = "/openvidu/recordings/" + id + "/everyOption.mp4";
        StubHttp anonymous = new StubHttp(recorded.baseUrl(), "not-the-secret");
        assertThat(anonymous.get(path, false).status()).as("public access off").isEqualTo(401);
        StubHttp.Response download = stub.get(path, true);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).hasSize((int) (long) stopped.get("size"));

        client.call("deleteRecording", id);

        assertThat(client.status("getRecording", id)).isEqualTo(404);
        assertThat(client.status("deleteRecording", id)).isEqualTo(404);
        assertThat((List<Map<String, Object>>) client.call("listRecordings")).extracting(r -> r.get("id")).doesNotContain(id);
        assertThat(recorded.recordingPath().resolve(id)).doesNotExist();
        assertThat(stub.get(path, true).status()).isEqualTo(404);
    }

    @Test
    void furtherRecordingsOfASessionAreNumberedWithATildeAndTheShortStartsUseTheClientDefaults() throws Exception {
        String sessionId = newSession();
        joinPublishing(client, stub, sessionId);

        Map<String, Object> first = client.call("startRecording", sessionId, Map.of());
        Map<String, Object> firstStopped = client.call("stopRecording", first.get("id"));
        Map<String, Object> second = client.call("startRecordingNamed", sessionId, "second_one");
        Map<String, Object> secondStopped = client.call("stopRecording", second.get("id"));

        assertThat(first).containsEntry("id", sessionId).containsEntry("name", sessionId).containsEntry("resolution", "1280x720")
                .containsEntry("frameRate", 25).containsEntry("recordingLayout", "BEST_FIT").containsEntry("outputMode", "COMPOSED");
        assertThat(firstStopped).containsEntry("status", "ready").containsEntry("resolution", "1280x720");
        assertThat(second).containsEntry("id", sessionId + "~1").containsEntry("name", "second_one");
        assertThat(secondStopped).containsEntry("status", "ready")
                .containsEntry("url", recorded.baseUrl() + "/openvidu/recordings/" + sessionId + "~1/second_one.mp4");
        assertThat(recorded.recordingPath().resolve(sessionId + "~1").resolve("second_one.mp4")).exists();

        client.call("deleteRecording", sessionId);
        Map<String, Object> third = client.call("startRecording", sessionId, Map.of("resolution", SMALL));
        client.call("stopRecording", third.get("id"));
        assertThat(third).as("the first free id: the deleted one").containsEntry("id", sessionId);
    }

    /** Contract 3.9: COMPOSED and COMPOSED_QUICK_START follow the session's default output mode. */
    @Test
    void composedAndQuickStartFollowTheSessionsDefaultOutputModeAndEndReady() {
        String quickSession = (String) ((Map<String, Object>) client.call("createSession", Map.of(
                "defaultRecordingProperties", Map.of("outputMode", "COMPOSED_QUICK_START", "resolution", SMALL))))
                .get("sessionId");
        joinPublishing(client, stub, quickSession);
        String plainSession = newSession();
        joinPublishing(client, stub, plainSession);

        Map<String, Object> quick = client.call("startRecording", quickSession,
                Map.of("outputMode", "COMPOSED", "resolution", SMALL, "name", "quick"));
        Map<String, Object> quickStopped = client.call("stopRecording", quick.get("id"));
        Map<String, Object> plain = client.call("startRecording", plainSession,
                Map.of("outputMode", "COMPOSED_QUICK_START", "resolution", SMALL, "name", "plain"));
        Map<String, Object> plainStopped = client.call("stopRecording", plain.get("id"));

        assertThat(quick).containsEntry("outputMode", "COMPOSED_QUICK_START").containsEntry("status", "started");
        assertThat(quickStopped).containsEntry("status", "ready").containsEntry("outputMode", "COMPOSED_QUICK_START");
        assertThat((String) quickStopped.get("url")).endsWith("/" + quickSession + "/quick.mp4");
        assertThat(plain).containsEntry("outputMode", "COMPOSED");
        assertThat(plainStopped).containsEntry("status", "ready").containsEntry("outputMode", "COMPOSED");
        client.call("close", quickSession); // its waiting recorder ends with it
    }

    @Test
    void aWrongSecretMakesEveryCallA401AndTheRightOneStillWorksOnTheSameServer() {
        Official232 wrong = Official232.connect(recorded.baseUrl(), "not-the-secret");

        for (int i = 0; i < 50; i++) {
            assertThat(wrong.status("createSession", Map.of())).isEqualTo(401);
            assertThat(wrong.status("listRecordings")).isEqualTo(401);
            assertThat(wrong.status("getRecording", "ses_Nosuchses1")).isEqualTo(401);
            assertThat(wrong.status("fetchAll")).isEqualTo(401);
        }
        assertThat((String) ((Map<String, Object>) client.call("createSession", Map.of())).get("sessionId")).matches(SESSION_ID);
    }

    @Test
    void anAudioOnlyRecordingIsAWebmAndAVideoOnlyOneHasNoAudio() throws Exception {
        String sessionId = newSession();
        joinPublishing(client, stub, sessionId);

        Map<String, Object> audio = client.call("stopRecording", ((Map<String, Object>) client.call("startRecording",
                sessionId, Map.of("name", "audioOnly", "hasVideo", false))).get("id"));
        Map<String, Object> video = client.call("stopRecording", ((Map<String, Object>) client.call("startRecording",
                sessionId, Map.of("name", "videoOnly", "hasAudio", false, "resolution", SMALL))).get("id"));

        assertThat(audio).containsEntry("status", "ready").containsEntry("hasAudio", true).containsEntry("hasVideo", false);
        assertThat((String) audio.get("url")).endsWith("/audioOnly.webm");
        Path webm = recorded.recordingPath().resolve((String) audio.get("id")).resolve("audioOnly.webm");
        Mp4.Info decoded = Mp4.probe(webm);
        assertThat(decoded.audioChannels()).as("audio in %s: %s", webm, decoded).isPositive();
        assertThat(decoded.width()).as("no video in %s: %s", webm, decoded).isZero();
        assertThat(video).containsEntry("status", "ready").containsEntry("hasAudio", false).containsEntry("hasVideo", true);
        assertThat((String) video.get("url")).endsWith("/videoOnly.mp4");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"VERTICAL_PRESENTATION", "HORIZONTAL_PRESENTATION", "PICTURE_IN_PICTURE"})
    void everyPredefinedLayoutIsAcceptedRecordedAndReportedBack(String layout) {
        String sessionId = newSession();
        joinPublishing(client, stub, sessionId);
        joinPublishing(client, stub, sessionId);

        Map<String, Object> started = client.call("startRecording", sessionId,
                Map.of("recordingLayout", layout, "resolution", SMALL, "name", layout));
        Map<String, Object> stopped = client.call("stopRecording", started.get("id"));

        assertThat(started).containsEntry("recordingLayout", layout).containsEntry("status", "started");
        assertThat(stopped).containsEntry("recordingLayout", layout).containsEntry("status", "ready");
        assertThat((long) stopped.get("size")).isPositive();
    }

    @Test
    void aCustomLayoutRecordingNamesItsPageAndEndsReady() {
        String sessionId = newSession();
        joinPublishing(client, stub, sessionId);

        Map<String, Object> started = client.call("startRecording", sessionId,
                Map.of("recordingLayout", "CUSTOM", "customLayout", "mine", "resolution", SMALL, "name", "custom"));
        Map<String, Object> stopped = client.call("stopRecording", started.get("id"));

        assertThat(started).containsEntry("recordingLayout", "CUSTOM").containsEntry("customLayout", "mine")
                .containsEntry("status", "started");
        assertThat(stopped).containsEntry("recordingLayout", "CUSTOM").containsEntry("customLayout", "mine")
                .containsEntry("status", "ready");
        assertThat((long) stopped.get("size")).isPositive();
    }

    @Test
    void anIndividualRecordingIsAZipOfOneFilePerPublishedStreamWithItsManifest() throws Exception {
        String sessionId = newSession();
        List<String> connectionIds = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Map<String, Object> c = client.call("createConnection", sessionId, Map.of("data", "publisher" + i));
            stub.join(sessionId, (String) c.get("token"), true, null);
            connectionIds.add((String) c.get("connectionId"));
        }

        Map<String, Object> started = client.call("startRecording", sessionId, Map.of("outputMode", "INDIVIDUAL", "name", "single"));
        Thread.sleep(1000); // the time being recorded
        Map<String, Object> stopped = client.call("stopRecording", started.get("id"));

        assertThat(started).containsEntry("outputMode", "INDIVIDUAL").containsEntry("status", "started");
        assertThat(stopped).containsEntry("status", "ready").containsEntry("outputMode", "INDIVIDUAL");
        assertThat((String) stopped.get("url")).endsWith("/" + started.get("id") + "/single.zip");
        Path zip = recorded.recordingPath().resolve((String) started.get("id")).resolve("single.zip");
        assertThat(zip).exists();
        Map<String, Long> media = new LinkedHashMap<>();
        String manifest = null;
        Path unzipped = Files.createDirectories(folders.resolve("unzipped-" + started.get("id")));
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                byte[] bytes = z.getInputStream(e).readAllBytes();
                if (e.getName().equals("single.json")) {
                    manifest = new String(bytes, StandardCharsets.UTF_8);
                } else {
                    media.put(e.getName(), (long) bytes.length);
                    Files.write(unzipped.resolve(Path.of(e.getName()).getFileName()), bytes);
                }
            }
        }
        for (String name : media.keySet()) {
            Mp4.Info decoded = Mp4.probe(unzipped.resolve(Path.of(name).getFileName()));
            assertThat(decoded.durationSeconds()).as("%s decodes and lasts about the second recorded: %s", name, decoded)
                    .isBetween(0.5, (double) stopped.get("duration") + 0.5);
        }
        assertThat(media).as("one file per published stream").hasSize(2);
        assertThat(manifest).as("the manifest single.json").isNotNull().contains("\"sessionId\"", sessionId, "\"files\"",
                "startTimeOffset", "endTimeOffset");
        for (String connectionId : connectionIds) {
            assertThat(manifest).contains(connectionId).containsPattern("str_CAM_[A-Za-z][0-9A-Za-z]{3}_" + connectionId);
        }
        assertThat((long) stopped.get("size")).as("the sum of the stream files, not the zip's size")
                .isEqualTo(media.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void startErrorsAreTheStatusesOfTheContractInItsOrderOfChecks() throws Exception {
        String nobody = newSession();
        assertThat(client.status("startRecording", "ses_Nosuchses1", Map.of())).as("unknown session").isEqualTo(404);
        assertThat(client.status("startRecording", nobody, Map.of())).as("nobody connected").isEqualTo(406);
        String relayed = (String) ((Map<String, Object>) client.call("createSession", Map.of("mediaMode", "RELAYED")))
                .get("sessionId");
        assertThat(client.status("startRecording", relayed, Map.of())).as("RELAYED").isEqualTo(409);

        String sessionId = newSession();
        joinPublishing(client, stub, sessionId);
        assertThat(client.status("startRecording", sessionId, Map.of("hasAudio", false, "hasVideo", false)))
                .as("neither audio nor video").isEqualTo(422);
        assertThat(client.status("startRecording", sessionId, Map.of("resolution", "99x720"))).isEqualTo(422);
        assertThat(client.status("startRecording", sessionId, Map.of("resolution", "2000x720"))).isEqualTo(422);
        assertThat(client.status("startRecording", sessionId, Map.of("frameRate", 0))).isEqualTo(422);
        assertThat(client.status("startRecording", sessionId, Map.of("frameRate", 121))).isEqualTo(422);
        assertThat(client.status("startRecording", sessionId, Map.of("shmSize", 134217727L))).isEqualTo(422);
        assertThat(client.status("startRecording", sessionId, Map.of("name", "not a valid name!"))).isEqualTo(400);

        Map<String, Object> started = client.call("startRecording", sessionId, Map.of("resolution", SMALL));
        assertThat(client.status("startRecording", sessionId, Map.of())).as("already recorded").isEqualTo(409);
        assertThat(client.status("deleteRecording", started.get("id"))).as("delete while started").isEqualTo(409);
        client.call("stopRecording", started.get("id"));
        assertThat(client.status("stopRecording", started.get("id"))).as("stop a stopped one").isEqualTo(404);
        assertThat(client.status("stopRecording", "ses_Nosuchses1")).isEqualTo(404);
        assertThat(client.status("getRecording", "ses_Nosuchses1")).isEqualTo(404);
        assertThat(client.status("deleteRecording", "ses_Nosuchses1")).isEqualTo(404);
    }

    @Test
    void aManualRecordingStopsByItselfWhenTheLastParticipantHasBeenGoneForTheTimeoutAndTheSessionCloses() {
        String sessionId = newSession();
        String participant = joinPublishing(client, stub, sessionId);
        Map<String, Object> started = client.call("startRecording", sessionId, Map.of("resolution", SMALL));

        stub.leave(participant);
        long left = System.nanoTime();

        assertThat((Map<String, Object>) client.call("getRecording", started.get("id")))
                .as("still recording during the countdown").containsEntry("status", "started");
        Map<String, Object> ready = awaitRecording(client, (String) started.get("id"), "ready");
        double afterLeave = (System.nanoTime() - left) / 1e9;
        assertThat(afterLeave).as("not before the timeout").isGreaterThanOrEqualTo(AUTOSTOP_SECONDS - 0.2);
        assertThat((double) ready.get("duration")).isGreaterThanOrEqualTo(AUTOSTOP_SECONDS - 0.5);
        Await.await(() -> stub.get("/openvidu/api/sessions/" + sessionId, true).status() == 404, BOUND,
                "the emptied session to close after the automatic stop");
    }

    @Test
    void closingASessionStopsItsRecordingWhichEndsReady() {
        String sessionId = newSession();
        joinPublishing(client, stub, sessionId);
        Map<String, Object> started = client.call("startRecording", sessionId, Map.of("resolution", SMALL, "name", "closed"));

        client.call("close", sessionId);

        Map<String, Object> after = awaitRecording(client, (String) started.get("id"), "ready");
        assertThat(after).containsEntry("url", recorded.baseUrl() + "/openvidu/recordings/" + sessionId + "/closed.mp4");
        assertThat((long) after.get("size")).isPositive();
        assertThat(client.status("stopRecording", started.get("id"))).as("already stopped by the close").isEqualTo(404);
    }

    @Test
    void aParticipantWhoPublishesDuringTheCountdownCancelsTheAutomaticStop() throws Exception {
        String sessionId = newSession();
        String first = joinPublishing(client, stub, sessionId);
        Map<String, Object> started = client.call("startRecording", sessionId, Map.of("resolution", SMALL));

        stub.leave(first);
        Await.await(() -> autostopPending(sessionId), BOUND, "the countdown to start (/stub/sessions autostopPending)");
        String second = joinPublishing(client, stub, sessionId);
        assertThat(autostopPending(sessionId)).as("cancelled by the publish").isFalse();
        // An absence can only be seen by waiting: past the countdown's end, the recording must still be going.
        Thread.sleep(AUTOSTOP_SECONDS * 1000L + 1000);

        assertThat((Map<String, Object>) client.call("getRecording", started.get("id")))
                .as("the countdown was cancelled").containsEntry("status", "started");
        assertThat(stub.get("/openvidu/api/sessions/" + sessionId, true).status()).isEqualTo(200);
        Map<String, Object> stopped = client.call("stopRecording", started.get("id"));
        assertThat(stopped).containsEntry("status", "ready");
        stub.leave(second);
    }

    @Test
    void anAlwaysSessionRecordsFromTheFirstPublishUntilTheAutomaticStopAfterTheLastLeaves() {
        Map<String, Object> s = client.call("createSession", Map.of("recordingMode", "ALWAYS",
                "defaultRecordingProperties", Map.of("name", "always", "resolution", SMALL, "frameRate", 10)));
        String sessionId = (String) s.get("sessionId");
        Map<String, Object> watcher = client.call("createConnection", sessionId, Map.of("role", "SUBSCRIBER"));
        String watching = stub.join(sessionId, (String) watcher.get("token"), false, null);
        assertThat(client.status("getRecording", sessionId)).as("joining without publishing starts nothing").isEqualTo(404);

        String publisher = joinPublishing(client, stub, sessionId);

        Map<String, Object> started = awaitRecording(client, sessionId, "started");
        assertThat(started).containsEntry("name", "always").containsEntry("resolution", SMALL).containsEntry("frameRate", 10);
        assertThat((boolean) session(client.call("fetchSession", sessionId)).get("recording")).isTrue();
        stub.leave(publisher);
        stub.leave(watching);
        long left = System.nanoTime();

        Map<String, Object> ready = awaitRecording(client, sessionId, "ready");
        assertThat((System.nanoTime() - left) / 1e9).isGreaterThanOrEqualTo(AUTOSTOP_SECONDS - 0.2);
        assertThat(ready).containsEntry("url", recorded.baseUrl() + "/openvidu/recordings/" + sessionId + "/always.mp4");
        Await.await(() -> stub.get("/openvidu/api/sessions/" + sessionId, true).status() == 404, BOUND,
                "the ALWAYS session to close after the automatic stop");
        assertThat(client.status("fetchSession", sessionId)).isEqualTo(404);
    }

    @Test
    void withPublicAccessTheUrlDownloadsWithoutCredentials() {
        StubHttp publicStub = new StubHttp(publicAccess.baseUrl(), publicAccess.secret());
        String sessionId = (String) ((Map<String, Object>) publicClient.call("createSession", Map.of())).get("sessionId");
        joinPublishing(publicClient, publicStub, sessionId);

        Map<String, Object> stopped = publicClient.call("stopRecording", ((Map<String, Object>) publicClient.call(
                "startRecording", sessionId, Map.of("name", "open", "resolution", SMALL))).get("id"));

        String url = publicAccess.baseUrl() + "/openvidu/recordings/" + sessionId + "/open.mp4";
        assertThat(stopped).containsEntry("status", "ready").containsEntry("url", url);
        StubHttp.Response download = new StubHttp(publicAccess.baseUrl(), "not-the-secret")
                .get("/openvidu/recordings/" + sessionId + "/open.mp4", false);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).hasSize((int) (long) stopped.get("size"));
    }

    @Test
    void withRecordingOffEveryRecordingCallIs501AndSessionsStillWork() {
        StubHttp offStub = new StubHttp(recordingOff.baseUrl(), recordingOff.secret());
        String sessionId = (String) ((Map<String, Object>) offClient.call("createSession", Map.of())).get("sessionId");
        joinPublishing(offClient, offStub, sessionId);
        offClient.call("fetchSession", sessionId);

        assertThat(offClient.status("startRecording", sessionId, Map.of())).isEqualTo(501);
        assertThat(offClient.status("startRecording", "ses_Nosuchses1", Map.of())).as("before the session lookup").isEqualTo(501);
        assertThat(offClient.status("stopRecording", sessionId)).isEqualTo(501);
        assertThat(offClient.status("getRecording", sessionId)).isEqualTo(501);
        assertThat(offClient.status("listRecordings")).isEqualTo(501);
        assertThat(offClient.status("deleteRecording", sessionId)).isEqualTo(501);
        assertThat((List<String>) offClient.call("activeConnectionIds", sessionId)).hasSize(1);
        offClient.call("close", sessionId);
    }

    /**
     * 1.8.0's client hung after two error answers (pooled connections never released). The same 2.32.1 instance
     * takes a thousand refused calls of every kind and still works after them.
     */
    @Test
    void aThousandRefusedCallsOfEveryKindNeverExhaustTheClientAndASuccessfulCallWorksAfterThem() {
        String nobody = newSession();
        String closed = newSession();
        assertThat(stub.delete("/openvidu/api/sessions/" + closed).status()).isEqualTo(204);
        String withParticipant = newSession();
        joinPublishing(client, stub, withParticipant);
        Map<String, Integer> expected = new LinkedHashMap<>();
        List<Supplier<Integer>> calls = new ArrayList<>();
        addCall(calls, expected, "get unknown recording (404)", 404, () -> client.status("getRecording", "nope"));
        addCall(calls, expected, "stop unknown recording (404)", 404, () -> client.status("stopRecording", "nope"));
        addCall(calls, expected, "delete unknown recording (404)", 404, () -> client.status("deleteRecording", "nope"));
        addCall(calls, expected, "start, nobody connected (406)", 406, () -> client.status("startRecording", nobody, Map.of()));
        addCall(calls, expected, "start, unknown session (404)", 404,
                () -> client.status("startRecording", "ses_Nosuchses1", Map.of()));
        addCall(calls, expected, "start, bad frame rate (422)", 422,
                () -> client.status("startRecording", withParticipant, Map.of("frameRate", 500)));
        addCall(calls, expected, "start, bad name (400)", 400,
                () -> client.status("startRecording", withParticipant, Map.of("name", "a b")));
        addCall(calls, expected, "fetch a closed session (404)", 404, () -> client.status("fetchSession", closed));
        addCall(calls, expected, "connection in a closed session (404)", 404,
                () -> client.status("createConnection", closed, Map.of()));
        addCall(calls, expected, "disconnect in a closed session (400)", 400,
                () -> client.status("forceDisconnect", closed, "con_Nosuchcon1"));
        addCall(calls, expected, "disconnect an unknown connection (404)", 404,
                () -> client.status("forceDisconnect", nobody, "con_Nosuchcon1"));
        addCall(calls, expected, "unpublish an unknown stream (404)", 404,
                () -> client.status("forceUnpublish", withParticipant, "str_CAM_Nope_con_Nosuchcon1"));
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();

        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            List<String> names = new ArrayList<>(expected.keySet());
            for (int i = 0; i < 1000; i++) {
                String name = names.get(i % names.size());
                int status = calls.get(i % calls.size()).get();
                if (status == expected.get(name)) {
                    counts.merge(name, 1, Integer::sum);
                } else if (unexpected.size() < 20) {
                    unexpected.add(name + " answered " + status);
                }
            }
        });

        assertThat(unexpected).isEmpty();
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);
        Map<String, Object> started = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> client.call("startRecording", withParticipant, Map.of("resolution", SMALL)));
        Map<String, Object> stopped = client.call("stopRecording", started.get("id"));
        assertThat(stopped).containsEntry("status", "ready");
    }

    private static void addCall(List<Supplier<Integer>> calls, Map<String, Integer> expected, String name, int status,
                                Supplier<Integer> call) {
        calls.add(call);
        expected.put(name, status);
    }

    // ---- helpers ----

    private static String newSession() {
        return (String) ((Map<String, Object>) client.call("createSession", Map.of())).get("sessionId");
    }

    /** A new connection of the session, used by a simulated participant that joins and publishes; its id. */
    private static String joinPublishing(Official232 official, StubHttp control, String sessionId) {
        Map<String, Object> c = official.call("createConnection", sessionId, Map.of());
        return control.join(sessionId, (String) c.get("token"), true, null);
    }

    private static String streamOf(String sessionId, String connectionId) {
        Map<String, Object> c = client.call("connection", sessionId, connectionId);
        List<Map<String, Object>> publishers = (List<Map<String, Object>>) c.get("publishers");
        assertThat(publishers).as("publishers of %s", connectionId).hasSize(1);
        return (String) publishers.get(0).get("streamId");
    }

    /** {@code autostopPending} of the session in the control API's {@code GET /stub/sessions}. */
    private static boolean autostopPending(String sessionId) {
        String all = stub.sessions();
        int item = all.indexOf("\"id\":" + StubHttp.quote(sessionId));
        assertThat(item).as("session %s in /stub/sessions: %s", sessionId, all).isNotNegative();
        Matcher m = Pattern.compile("\"autostopPending\"\\s*:\\s*(true|false)").matcher(all);
        assertThat(m.find(item)).as("autostopPending of %s in %s", sessionId, all).isTrue();
        return Boolean.parseBoolean(m.group(1));
    }

    private static Map<String, Object> awaitRecording(Official232 official, String id, String status) {
        return Await.until("recording " + id + " " + status, () -> official.<Map<String, Object>>call("getRecording", id),
                r -> status.equals(r.get("status")), BOUND);
    }

    private static Map<String, Object> session(Map<String, Object> fetchResult) {
        return (Map<String, Object>) fetchResult.get("session");
    }

    private static List<Map<String, Object>> connections(Map<String, Object> session) {
        return (List<Map<String, Object>>) session.get("connections");
    }
}
