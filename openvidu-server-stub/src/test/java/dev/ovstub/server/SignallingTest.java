package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ovstub.server.testing.ControlClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The signalling of OpenVidu 2.x at {@code /openvidu} (the JSON-RPC 2.0 that openvidu-browser speaks), driven by a
 * JDK WebSocket client the way the library drives it: ping, joinRoom with a token URL of the REST API, then
 * requests and the notifications of what others do. The library itself, in Chromium, is in integration-tests.
 */
class SignallingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    static OpenViduServerStub server;
    static ControlClient http;
    private final List<Browser> browsers = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = OpenViduServerStub.builder().start();
        http = new ControlClient(server.baseUrl().toString(), ControlClient.basic("OPENVIDUAPP", server.secret()),
                HttpClient.newHttpClient(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(Browser::close);
    }

    private static JsonNode call(String method, String path, Object body) throws Exception {
        return dev.ovstub.server.testing.JsonCalls.call(http, method, path, body);
    }

    private static String newSession() throws Exception {
        return call("POST", "/openvidu/api/sessions", Map.of()).get("id").asText();
    }

    private static String token(String session, String role) throws Exception {
        return call("POST", "/openvidu/api/sessions/" + session + "/connection", Map.of("role", role)).get("token").asText();
    }

    /** {@code ws://host:port/openvidu?sessionId=...}: where the library opens its socket (the token's host). */
    private static URI signallingUri(OpenViduServerStub s, String session) {
        return URI.create(s.baseUrl().resolve("/openvidu?sessionId=" + session).toString().replaceFirst("^http", "ws"));
    }

    /** One socket, as the library opens it: the token's host, path {@code /openvidu}. */
    private Browser open(String session) throws Exception {
        Browser b = new Browser(signallingUri(server, session));
        browsers.add(b);
        return b;
    }

    /** Opens a socket, pings and joins as the library does; returns the joinRoom result. */
    private Browser join(String session, String role, String metadata) throws Exception {
        Browser b = open(session);
        b.request("ping", Map.of("interval", 5000));
        b.joined = b.request("joinRoom", Map.of("token", token(session, role), "session", session, "platform",
                "Chrome 156.0.0.0 (headless) on Linux 64-bit", "sdkVersion", "2.32.2", "metadata", metadata,
                "secret", "", "recorder", false, "stt", false)).get("result");
        return b;
    }

    @Test
    void aBrowserJoinsWithATokenUrlAndGetsWhatTheLibraryNeeds() throws Exception {
        String session = newSession();
        Browser b = open(session);

        JsonNode pong = b.request("ping", Map.of("interval", 5000));
        String token = token(session, "MODERATOR");
        JsonNode joined = b.request("joinRoom", Map.of("token", token, "session", session, "platform", "Chrome headless",
                "sdkVersion", "2.32.2", "metadata", "{\"name\":\"alice\"}", "secret", "", "recorder", false)).get("result");

        assertThat(pong.get("result").get("value").asText()).isEqualTo("pong");
        assertThat(joined.get("id").asText()).startsWith("con_");
        assertThat(joined.get("session").asText()).isEqualTo(session);
        assertThat(joined.get("version").asText()).isEqualTo("2.32.1");
        assertThat(joined.get("mediaServer").asText()).isEqualTo("kurento");
        assertThat(joined.get("role").asText()).isEqualTo("MODERATOR");
        assertThat(joined.get("metadata").asText()).isEqualTo("{\"name\":\"alice\"}");
        assertThat(joined.get("value").isArray()).isTrue();
        assertThat(joined.get("customIceServers").size()).as("never empty: no public STUN fallback").isPositive();
        assertThat(joined.get("sessionId").asText()).isNotEmpty();
        JsonNode connection = call("GET", "/openvidu/api/sessions/" + session + "/connection/" + joined.get("id").asText(), null);
        assertThat(connection.get("status").asText()).isEqualTo("active");
        assertThat(connection.get("platform").asText()).isEqualTo("Chrome headless");
        assertThat(b.request("joinRoom", Map.of("token", token, "session", session)).get("error").get("code").asInt())
                .as("one join per socket").isEqualTo(-32600);
    }

    @Test
    void aUsedOrUnknownTokenIsRefusedWithTheLibrarysCodes() throws Exception {
        String session = newSession();
        String token = token(session, "PUBLISHER");
        join(session, "PUBLISHER", "");
        Browser first = join(session, "PUBLISHER", "");

        JsonNode reused = open(session).request("joinRoom", Map.of("token", first.joinedToken(), "session", session));
        JsonNode unknownSession = open(session).request("joinRoom", Map.of("token", token, "session", "ses_nothing"));

        assertThat(reused.get("error").get("code").asInt()).isEqualTo(401);
        assertThat(unknownSession.get("error").get("code").asInt()).isEqualTo(202);
    }

    @Test
    void unknownMethodsAreAnsweredAtOnceAndNothingButPingWorksBeforeJoining() throws Exception {
        String session = newSession();
        Browser b = open(session);

        JsonNode early = b.request("sendMessage", Map.of("message", "{}"));
        JsonNode unknown = join(session, "PUBLISHER", "").request("nonsense", Map.of());

        assertThat(early.get("error").get("code").asInt()).isEqualTo(803);
        assertThat(unknown.get("error").get("code").asInt()).isEqualTo(-32601);
        assertThat(unknown.get("error").get("message").asText()).contains("nonsense");
    }

    @Test
    void browsersAreToldOfEachOtherAndOfSimulatedParticipantsAndTheirStreams() throws Exception {
        String session = newSession();
        Browser alice = join(session, "PUBLISHER", "alice");
        String simToken = token(session, "PUBLISHER");
        String sim = call("POST", "/stub/participants", Map.of("session", session, "token", simToken, "publish", true))
                .get("id").asText();

        JsonNode simJoined = alice.awaitNotification("participantJoined");
        JsonNode published = alice.awaitNotification("participantPublished");
        Browser bob = join(session, "PUBLISHER", "bob");
        JsonNode bobJoined = alice.awaitNotification("participantJoined");

        assertThat(simJoined.get("id").asText()).isEqualTo(sim);
        assertThat(published.get("id").asText()).isEqualTo(sim);
        JsonNode stream = published.get("streams").get(0);
        assertThat(stream.get("id").asText()).startsWith("str_CAM_").endsWith(sim);
        assertThat(stream.get("videoDimensions").asText()).isEqualTo("{\"width\":640,\"height\":480}");
        assertThat(bobJoined.get("id").asText()).isEqualTo(bob.id());
        assertThat(bobJoined.get("metadata").asText()).isEqualTo("bob");
        assertThat(bob.joined.get("value")).extracting(v -> v.get("id").asText()).containsExactly(alice.id(), sim);
        assertThat(bob.joined.get("value").get(1).get("streams").get(0).get("id").asText()).isEqualTo(stream.get("id").asText());

        call("DELETE", "/stub/participants/" + sim + "/publish", null);
        assertThat(alice.awaitNotification("participantUnpublished").get("reason").asText()).isEqualTo("unpublish");
        bob.request("leaveRoom", Map.of());
        JsonNode left = alice.awaitNotification("participantLeft");
        assertThat(left.get("connectionId").asText()).isEqualTo(bob.id());
        assertThat(left.get("reason").asText()).isEqualTo("disconnect");
    }

    @Test
    void signalsFromTheRestApiAndFromBrowsersReachTheirTargetsOnly() throws Exception {
        String session = newSession();
        Browser alice = join(session, "PUBLISHER", "alice");
        Browser bob = join(session, "PUBLISHER", "bob");
        String sim = call("POST", "/stub/participants", Map.of("session", session, "token", token(session, "PUBLISHER")))
                .get("id").asText();

        call("POST", "/openvidu/api/signal", Map.of("session", session, "to", List.of(alice.id()), "type", "greeting",
                "data", "hello alice"));
        JsonNode fromRest = alice.awaitNotification("sendMessage");
        JsonNode sent = bob.request("sendMessage", Map.of("message", JSON.writeValueAsString(Map.of(
                "to", List.of(), "data", "hi all", "type", "signal:chat"))));
        JsonNode toAlice = alice.awaitNotification("sendMessage");
        JsonNode toBob = bob.awaitNotification("sendMessage");
        JsonNode badTarget = bob.request("sendMessage", Map.of("message", JSON.writeValueAsString(Map.of(
                "to", List.of("con_nobody"), "data", "x", "type", "signal:chat"))));

        assertThat(fromRest.get("type").asText()).isEqualTo("signal:greeting");
        assertThat(fromRest.get("data").asText()).isEqualTo("hello alice");
        assertThat(fromRest.has("from")).as("a REST signal has no sender").isFalse();
        assertThat(bob.notifications("sendMessage")).as("bob was not a target of the REST signal")
                .noneMatch(n -> n.get("data").asText().equals("hello alice"));
        assertThat(sent.has("result")).isTrue();
        assertThat(toAlice.get("from").asText()).isEqualTo(bob.id());
        assertThat(toAlice.get("type").asText()).isEqualTo("signal:chat");
        assertThat(toBob.get("data").asText()).as("a broadcast reaches its sender too").isEqualTo("hi all");
        JsonNode kept = call("GET", "/stub/participants/" + sim + "/signals", null);
        assertThat(kept.toString()).contains("hi all").contains(bob.id());
        assertThat(badTarget.get("error").get("code").asInt()).isEqualTo(601);
    }

    @Test
    void aBrowserEvictedThroughTheApiIsToldAndTheOthersSeeItLeave() throws Exception {
        String session = newSession();
        Browser alice = join(session, "PUBLISHER", "alice");
        Browser bob = join(session, "PUBLISHER", "bob");

        call("DELETE", "/openvidu/api/sessions/" + session + "/connection/" + alice.id(), null);

        JsonNode evicted = alice.awaitNotification("participantEvicted");
        assertThat(evicted.get("connectionId").asText()).isEqualTo(alice.id());
        assertThat(evicted.get("reason").asText()).isEqualTo("forceDisconnectByServer");
        JsonNode left = bob.awaitNotification("participantLeft");
        assertThat(left.get("connectionId").asText()).isEqualTo(alice.id());
        assertThat(alice.request("sendMessage", Map.of("message", "{}")).get("error").get("code").asInt())
                .as("evicted: nothing more").isEqualTo(803);
    }

    @Test
    void aResetOfTheControlApiEvictsEveryBrowser() throws Exception {
        String session = newSession();
        Browser alice = join(session, "PUBLISHER", "alice");

        call("POST", "/stub/reset", null);

        assertThat(alice.awaitNotification("participantEvicted").get("reason").asText()).isEqualTo("sessionClosedByServer");
        assertThat(alice.request("sendMessage", Map.of("message", "{}")).get("error").get("code").asInt()).isEqualTo(803);
    }

    @Test
    void onlyAModeratorMayEvictFromItsBrowser() throws Exception {
        String session = newSession();
        Browser publisher = join(session, "PUBLISHER", "p");
        Browser moderator = join(session, "MODERATOR", "m");

        JsonNode refused = publisher.request("forceDisconnect", Map.of("connectionId", moderator.id()));
        JsonNode done = moderator.request("forceDisconnect", Map.of("connectionId", publisher.id()));

        assertThat(refused.get("error").get("code").asInt()).isEqualTo(401);
        assertThat(done.has("result")).isTrue();
        assertThat(publisher.awaitNotification("participantEvicted").get("reason").asText()).isEqualTo("forceDisconnectByUser");
    }

    @Test
    void aMalformedOfferIsRefusedNamingTheProblemAndAnUnknownStreamCannotBeSubscribedTo() throws Exception {
        String session = newSession();
        Browser b = join(session, "PUBLISHER", "");

        JsonNode refused = b.request("publishVideo", Map.of("sdpOffer", "v=0", "hasAudio", true, "hasVideo", true));
        JsonNode subscribe = b.request("receiveVideoFrom", Map.of("sender", "str_CAM_abcd_con_x", "sdpOffer", "v=0"));

        assertThat(refused.get("error").get("message").asText()).contains("publishVideo").contains("offer");
        assertThat(call("GET", "/openvidu/api/sessions/" + session + "/connection/" + b.id(), null).get("publishers"))
                .as("nothing published").isEmpty();
        assertThat(subscribe.get("error").get("code").asInt()).isEqualTo(102);
        assertThat(subscribe.get("error").get("message").asText()).contains("str_CAM_abcd_con_x");
        assertThat(b.request("onIceCandidate", Map.of("endpointName", b.id(), "candidate", "")).has("result")).isTrue();
    }

    @Test
    void aBrowserThatReconnectsWithItsRpcSessionIdKeepsItsConnectionAndItsNotifications() throws Exception {
        String session = newSession();
        Browser alice = join(session, "PUBLISHER", "alice");
        Browser bob = join(session, "PUBLISHER", "bob");
        String rpcId = alice.joined.get("sessionId").asText();

        alice.drop();
        call("POST", "/openvidu/api/signal", Map.of("session", session, "to", List.of(alice.id()), "data", "while away"));
        Browser again = open(session);
        JsonNode reconnected = again.request("connect", Map.of("sessionId", rpcId, "reconnect", true));
        JsonNode unknown = open(session).request("connect", Map.of("sessionId", "nothing", "reconnect", true));

        assertThat(reconnected.has("result")).as(reconnected.toString()).isTrue();
        assertThat(again.awaitNotification("sendMessage").get("data").asText()).as("kept while away").isEqualTo("while away");
        assertThat(again.request("sendMessage", Map.of("message", JSON.writeValueAsString(Map.of("to", List.of(bob.id()),
                "data", "back", "type", "signal:chat")))).has("result")).isTrue();
        assertThat(bob.awaitNotification("sendMessage").get("from").asText()).isEqualTo(alice.id());
        assertThat(unknown.get("error").get("code").asInt()).isEqualTo(40007);
        assertThat(bob.notifications("participantLeft")).isEmpty();
    }

    @Test
    void aBrowserWhoseSocketDropsForGoodLeavesWithNetworkDisconnect() throws Exception {
        String session = newSession();
        Browser alice = join(session, "PUBLISHER", "alice");
        Browser bob = join(session, "PUBLISHER", "bob");

        alice.drop();

        JsonNode left = bob.awaitNotification("participantLeft", Duration.ofSeconds(20));
        assertThat(left.get("connectionId").asText()).isEqualTo(alice.id());
        assertThat(left.get("reason").asText()).isEqualTo("networkDisconnect");
    }

    @Test
    void recordingsOfTheSessionAreAnnouncedToItsBrowsers() throws Exception {
        try (OpenViduServerStub recording = new TestRecorders().installIn(OpenViduServerStub.builder().recording(true)).start()) {
            ControlClient api = new ControlClient(recording.baseUrl().toString(),
                    ControlClient.basic("OPENVIDUAPP", recording.secret()), HttpClient.newHttpClient(), Duration.ofSeconds(10));
            String session = JSON.readTree(api.send("POST", "/openvidu/api/sessions", "{}").text()).get("id").asText();
            String token = JSON.readTree(api.send("POST", "/openvidu/api/sessions/" + session + "/connection", "{}").text())
                    .get("token").asText();
            Browser b = new Browser(signallingUri(recording, session));
            browsers.add(b);
            b.request("joinRoom", Map.of("token", token, "session", session));
            api.send("POST", "/stub/participants", JSON.writeValueAsString(Map.of("session", session, "token",
                    JSON.readTree(api.send("POST", "/openvidu/api/sessions/" + session + "/connection", "{}").text())
                            .get("token").asText(), "publish", true)));
            String id = JSON.readTree(api.send("POST", "/openvidu/api/recordings/start",
                    JSON.writeValueAsString(Map.of("session", session, "name", "talk"))).text()).get("id").asText();

            JsonNode started = b.awaitNotification("recordingStarted");
            api.send("POST", "/openvidu/api/recordings/stop/" + id, null);
            JsonNode stopped = b.awaitNotification("recordingStopped");

            assertThat(started.get("id").asText()).isEqualTo(id);
            assertThat(started.get("name").asText()).isEqualTo("talk");
            assertThat(stopped.get("id").asText()).isEqualTo(id);
            assertThat(stopped.get("reason").asText()).isEqualTo("recordingStoppedByServer");
            assertThat(b.notifications("recordingStarted")).as("once").hasSize(1);
        }
    }

    /** A WebSocket speaking JSON-RPC as openvidu-browser does. */
    private static final class Browser implements WebSocket.Listener {
        private final WebSocket socket;
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new java.util.concurrent.ConcurrentHashMap<>();
        private final LinkedBlockingQueue<JsonNode> notifications = new LinkedBlockingQueue<>();
        private final List<JsonNode> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        JsonNode joined;
        private String token;

        Browser(URI uri) throws Exception {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, this).get(10, TimeUnit.SECONDS);
        }

        String id() {
            return joined.get("id").asText();
        }

        String joinedToken() {
            return token;
        }

        JsonNode request(String method, Map<String, Object> params) throws Exception {
            if (method.equals("joinRoom")) {
                token = (String) params.get("token");
            }
            int id = ids.getAndIncrement();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            socket.sendText(JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "method", method, "params", params, "id", id)),
                    true).get(5, TimeUnit.SECONDS);
            JsonNode r = answer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (method.equals("joinRoom") && r.has("result")) {
                joined = r.get("result");
            }
            return r;
        }

        JsonNode awaitNotification(String method) throws InterruptedException {
            return awaitNotification(method, WAIT);
        }

        /** The next notification of that name (others received meanwhile are kept in {@link #notifications}). */
        JsonNode awaitNotification(String method, Duration bound) throws InterruptedException {
            long deadline = System.nanoTime() + bound.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode n = notifications.poll(50, TimeUnit.MILLISECONDS);
                if (n != null && n.get("method").asText().equals(method)) {
                    return n.get("params");
                }
            }
            throw new AssertionError("no " + method + " within " + bound + "; seen: " + seen);
        }

        List<JsonNode> notifications(String method) {
            return seen.stream().filter(n -> n.get("method").asText().equals(method)).map(n -> n.get("params")).toList();
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode frame = JSON.readTree(partial.toString());
                    if (frame.has("id") && !frame.get("id").isNull()) {
                        CompletableFuture<JsonNode> f = pending.remove(frame.get("id").asInt());
                        if (f != null) {
                            f.complete(frame);
                        }
                    } else {
                        seen.add(frame);
                        notifications.add(frame);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    partial.setLength(0);
                }
            }
            ws.request(1);
            return null;
        }

        /** The network goes away: the socket closes without leaveRoom. */
        void drop() {
            socket.abort();
        }

        void close() {
            socket.abort();
        }
    }
}
