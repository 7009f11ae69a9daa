package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ovstub.it.flows.RecordingFlows;
import dev.ovstub.it.flows.StubHttp;
import dev.ovstub.it.support.Clients;
import dev.ovstub.it.support.JarServer;
import io.openvidu.java.client.OpenVidu;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official {@code io.openvidu:openvidu-java-client:1.8.0} from Maven Central runs the seed's flows, unchanged,
 * against our jar over HTTPS (self-signed certificate, which it trusts blindly), with free access off and on. It
 * sends credentials only after a 401 challenge and casts {@code duration} to double: both must work.
 *
 * <p>The flows are {@link RecordingFlows}, compiled once against our client; the official client runs the same
 * bytes loaded in an isolated class loader ({@link Clients#official}). Our client runs them too, side by side.
 */
class OfficialClientConformanceTest {
    @TempDir
    static Path folders;

    static JarServer freeAccessOff;
    static JarServer freeAccessOn;
    static JarServer recordingOff;
    static final List<OpenVidu> ourClients = new ArrayList<>();

    @BeforeAll
    static void startJars() {
        freeAccessOff = JarServer.builder().recording(folders.resolve("off")).freeAccess(false).start();
        freeAccessOn = JarServer.builder().recording(folders.resolve("on")).freeAccess(true).start();
        recordingOff = JarServer.builder().start();
    }

    @AfterAll
    static void stopJars() {
        ourClients.forEach(OpenVidu::close);
        if (freeAccessOff != null) {
            freeAccessOff.close();
        }
        if (freeAccessOn != null) {
            freeAccessOn.close();
        }
        if (recordingOff != null) {
            recordingOff.close();
        }
    }

    static Stream<Arguments> clientsAndServers() {
        return Stream.of(
                Arguments.of("official", false), Arguments.of("official", true),
                Arguments.of("ours", false), Arguments.of("ours", true));
    }

    private static JarServer jar(boolean freeAccess) {
        return freeAccess ? freeAccessOn : freeAccessOff;
    }

    private static Clients.Flows flows(String client, boolean freeAccess) {
        JarServer jar = jar(freeAccess);
        if (client.equals("official")) {
            return Clients.official(jar.baseUrl(), jar.secret());
        }
        OpenVidu ours = Clients.ourClient(jar.baseUrl(), jar.secret());
        ourClients.add(ours);
        return Clients.ours(ours, jar.baseUrl(), jar.secret());
    }

    @Test
    void theIsolatedLoaderRunsTheOfficialClientAndCannotSeeOurs() throws Exception {
        try (URLClassLoader loader = Clients.isolatedLoader()) {
            Class<?> official = loader.loadClass("io.openvidu.java.client.OpenVidu");
            Class<?> flows = loader.loadClass(RecordingFlows.class.getName());

            assertThat(official.getProtectionDomain().getCodeSource().getLocation().getPath())
                    .endsWith("openvidu-java-client-1.8.0.jar");
            assertThat(official).isNotSameAs(OpenVidu.class);
            assertThat(flows.getClassLoader()).isSameAs(loader);
            assertThat(official.getMethod("httpResponseToJson", loader.loadClass("org.apache.http.HttpResponse")))
                    .as("a 1.8.0-only member").isNotNull();
            assertThatThrownBy(() -> loader.loadClass("io.openvidu.java.client.OpenViduServerErrorException"))
                    .as("our client's classes are not reachable").isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> loader.loadClass("org.junit.jupiter.api.Test"))
                    .isInstanceOf(ClassNotFoundException.class);
        }
        assertThat((String) Clients.official(freeAccessOff.baseUrl(), "MY_SECRET").call("clientLocation"))
                .endsWith("openvidu-java-client-1.8.0.jar");
    }

    @ParameterizedTest(name = "{0} client, free access {1}")
    @MethodSource("clientsAndServers")
    @SuppressWarnings("unchecked")
    void theManualFlowCompletes(String client, boolean freeAccess) {
        JarServer jar = jar(freeAccess);
        Map<String, Object> r = flows(client, freeAccess).call("manual", 1.0);

        Map<String, Object> started = (Map<String, Object>) r.get("started");
        Map<String, Object> stopped = (Map<String, Object>) r.get("stopped");
        String id = (String) started.get("id");
        assertThat(started).containsEntry("status", "started").containsEntry("url", null);
        assertFinished(jar, freeAccess, id, stopped);
        assertThat(r.get("fetched")).isEqualTo(stopped);
        assertThat((List<String>) r.get("listedIds")).contains(id);
    }

    @ParameterizedTest(name = "{0} client, free access {1}")
    @MethodSource("clientsAndServers")
    @SuppressWarnings("unchecked")
    void theAlwaysFlowCompletes(String client, boolean freeAccess) {
        JarServer jar = jar(freeAccess);
        Map<String, Object> r = flows(client, freeAccess).call("always", 1.0);

        Map<String, Object> started = (Map<String, Object>) r.get("started");
        assertThat(started).containsEntry("status", "started").containsEntry("sessionId", r.get("sessionId"));
        assertThat((Map<String, Object>) r.get("afterFirstLeft")).containsEntry("status", "started");
        assertFinished(jar, freeAccess, (String) started.get("id"), (Map<String, Object>) r.get("final"));
    }

    private static void assertFinished(JarServer jar, boolean freeAccess, String id, Map<String, Object> last) {
        StubHttp anonymous = new StubHttp(jar.baseUrl(), "not-the-secret");
        StubHttp.Response download = anonymous.get("/recordings/" + id + ".mp4", false);
        assertThat((long) last.get("size")).isPositive();
        assertThat((double) last.get("duration")).isPositive();
        assertThat(last).containsEntry("hasAudio", true).containsEntry("hasVideo", true);
        if (freeAccess) {
            assertThat(last).containsEntry("status", "available")
                    .containsEntry("url", jar.baseUrl() + "/recordings/" + id + ".mp4");
            assertThat(download.status()).as("free access: no credentials needed").isEqualTo(200);
            assertThat(download.body()).hasSize(((Long) last.get("size")).intValue());
        } else {
            assertThat(last).containsEntry("status", "stopped").containsEntry("url", null);
            assertThat(download.status()).isEqualTo(401);
            StubHttp.Response authorised = new StubHttp(jar.baseUrl(), jar.secret())
                    .get("/recordings/" + id + ".mp4", true);
            assertThat(authorised.status()).isEqualTo(200);
            assertThat(authorised.body()).hasSize(((Long) last.get("size")).intValue());
        }
    }

    /**
     * The official client never reads the body of an error answer, so each error answer with a body would keep one
     * of its two pooled connections leased, and its third call would hang for ever. One client for the whole run,
     * as applications keep one; a call that hangs fails the test instead of the build.
     */
    @ParameterizedTest(name = "{0} client, free access {1}")
    @MethodSource("clientsAndServers")
    @SuppressWarnings("unchecked")
    void aThousandRefusedCallsOfEveryKindNeverExhaustTheClientAndASuccessfulCallWorksAfterThem(String client,
                                                                                              boolean freeAccess) {
        Clients.Flows flows = flows(client, freeAccess);

        Map<String, Object> r = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> flows.call("failingCalls", 1000));

        assertThat((List<String>) r.get("unexpected")).isEmpty();
        assertThat(r.entrySet().stream().filter(e -> e.getValue() instanceof Integer)
                .mapToInt(e -> (Integer) e.getValue()).sum()).isEqualTo(1000);
        assertThat(r).hasSize(9 + 3);
        Map<String, Object> stopped = (Map<String, Object>) r.get("stopped");
        assertThat(stopped.get("status")).isEqualTo(freeAccess ? "available" : "stopped");
        assertThat((List<String>) r.get("listedIds")).contains((String) stopped.get("id"));
    }

    @ParameterizedTest(name = "{0} client")
    @ValueSource(strings = {"official", "ours"})
    @SuppressWarnings("unchecked")
    void aThousandRefusedCallsWithRecordingOffNeverExhaustTheClient(String client) {
        Clients.Flows flows = client.equals("official")
                ? Clients.official(recordingOff.baseUrl(), recordingOff.secret())
                : Clients.ours(track(Clients.ourClient(recordingOff.baseUrl(), recordingOff.secret())),
                        recordingOff.baseUrl(), recordingOff.secret());

        Map<String, Object> r = assertTimeoutPreemptively(Duration.ofSeconds(90),
                () -> flows.call("failingCallsWithRecordingOff", 1000));

        assertThat((List<String>) r.get("unexpected")).isEmpty();
        assertThat(r).containsEntry("start (501)", 200).containsEntry("delete (501)", 200);
        assertThat((String) r.get("sessionAfter")).startsWith("wss://");
    }

    @ParameterizedTest(name = "{0} client")
    @ValueSource(strings = {"official", "ours"})
    @SuppressWarnings("unchecked")
    void aThousandCallsWithAWrongSecretAreAllRefusedAndNoneHangs(String client) {
        Clients.Flows flows = client.equals("official")
                ? Clients.official(freeAccessOff.baseUrl(), "not-the-secret")
                : Clients.ours(track(Clients.ourClient(freeAccessOff.baseUrl(), "not-the-secret")),
                        freeAccessOff.baseUrl(), "not-the-secret");

        Map<String, Object> r = assertTimeoutPreemptively(Duration.ofSeconds(90),
                () -> flows.call("failingCallsWithWrongSecret", 1000));

        assertThat((List<String>) r.get("unexpected")).isEmpty();
        assertThat(r).containsEntry("create a session (401)", 167).containsEntry("delete (401)", 166);
    }

    @Test
    void errorAnswersOfTheRestApiHaveNoBodyAndNameTheReasonInAHeader() {
        StubHttp api = new StubHttp(freeAccessOff.baseUrl(), freeAccessOff.secret());

        StubHttp.Response r = api.get("/api/recordings/no-such-recording", true);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).isEmpty();
        assertThat(r.header("Content-Length")).isEqualTo("0");
        assertThat(r.header("X-OpenVidu-Error")).contains("no-such-recording");
    }

    private static OpenVidu track(OpenVidu client) {
        ourClients.add(client);
        return client;
    }

    @Test
    void theOfficialClientReportsAServerErrorAsItsOpenViduException() {
        Map<String, Object> r = Clients.official(freeAccessOff.baseUrl(), freeAccessOff.secret())
                .call("startWithoutParticipants");

        assertThat(r).doesNotContainKey("unexpected");
        assertThat(r.get("exception")).isEqualTo("io.openvidu.java.client.OpenViduException");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOfficialClientListsGetsAndDeletesRecordings() {
        Clients.Flows official = Clients.official(freeAccessOff.baseUrl(), freeAccessOff.secret());
        Map<String, Object> r = official.call("manual", 1.0);
        String id = (String) ((Map<String, Object>) r.get("stopped")).get("id");

        List<Map<String, Object>> listed = official.call("list");
        assertThat(listed).extracting(m -> m.get("id")).contains(id);
        assertThat((Map<String, Object>) official.call("get", id)).isEqualTo(r.get("stopped"));

        Map<String, Object> deleted = official.call("deleteAndGet", id);
        assertThat((List<String>) deleted.get("listedIds")).doesNotContain(id);
        assertThat(deleted).doesNotContainKey("unexpected");
        assertThat(deleted.get("exception")).isEqualTo("io.openvidu.java.client.OpenViduException");
        assertThat(freeAccessOff.recordingPath().resolve(id + ".mp4")).doesNotExist();
    }
}
