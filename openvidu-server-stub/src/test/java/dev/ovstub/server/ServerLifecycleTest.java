package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.server.testing.Await;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The embedding API: start on a free port quickly, close quickly and completely. */
class ServerLifecycleTest extends StubTestSupport {

    @Test
    void anEmbeddedServerStartsWellUnderASecondOnAFreePortOverPlainHttp() {
        closeLater(OpenViduServerStub.builder().start()).close(); // warm the JVM up

        long t0 = System.nanoTime();
        OpenViduServerStub server = plainServer();
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(millis).isLessThan(1000);
        assertThat(server.port()).isPositive();
        assertThat(server.baseUrl().toString()).isEqualTo("http://localhost:" + server.port());
        assertThat(server.secret()).isEqualTo("MY_SECRET");
        assertThat(server.recordingEnabled()).isFalse();
        assertThat(server.recordingPath()).isNull();
        assertThat(new Api(server).post("/api/sessions", null).status()).isEqualTo(200);
    }

    @Test
    void twoServersRunSideBySide() {
        OpenViduServerStub a = plainServer();
        OpenViduServerStub b = plainServer();

        assertThat(a.port()).isNotEqualTo(b.port());
        String session = new Api(a).createSession();
        assertThat(new Api(b).post("/api/tokens", Api.obj("session", session, "role", "PUBLISHER", "data", "")).status())
                .isEqualTo(400);
    }

    @Test
    void closingIsQuickEvenWithAnIdleKeepAliveConnectionAndReleasesThePort() throws Exception {
        OpenViduServerStub server = OpenViduServerStub.builder().start();
        int port = server.port();
        new Api(server).createSession(); // leaves a pooled connection open

        long t0 = System.nanoTime();
        server.close();
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(millis).as("Jetty's default waits 1 s for idle connections").isLessThan(800);
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        }
        server.close(); // idempotent
    }

    @Test
    void aRequestHeldByAnInjectedDelayIsAnswered503AtOnceWhenTheServerCloses() throws Exception {
        OpenViduServerStub server = OpenViduServerStub.builder().start();
        server.faults().delayNextResponse("POST", "/api/sessions", Duration.ofMinutes(1));
        CompletableFuture<Api.Resp> held = CompletableFuture.supplyAsync(() -> new Api(server).post("/api/sessions", null));
        Await.await(ServerLifecycleTest::aRequestIsInAnInjectedDelay, Duration.ofSeconds(10), "the request to reach its delay");

        server.close();

        Api.Resp answer = held.get(10, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.message()).isEqualTo("the server is closing");
    }

    private static boolean aRequestIsInAnInjectedDelay() {
        return Thread.getAllStackTraces().values().stream().flatMap(Arrays::stream)
                .anyMatch(f -> f.getMethodName().equals("delayIfAsked"));
    }

    @Test
    void anExplicitPortIsUsedAndABusyPortFailsTheStart() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        OpenViduServerStub server = closeLater(OpenViduServerStub.builder().port(port).start());

        assertThat(server.port()).isEqualTo(port);
        assertThatThrownBy(() -> OpenViduServerStub.builder().port(port).start()).isInstanceOf(RuntimeException.class);
        assertThat(new Api(server).post("/api/sessions", null).status()).as("the first one is unharmed").isEqualTo(200);
    }

    @Test
    void closingStopsActiveRecordingsAndFinishesTheirFiles() throws Exception {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();
        Path folder = server.recordingPath();

        server.close();

        assertThat(recorders.runningCount()).isZero();
        assertThat(recorders.isClosed()).isTrue();
        assertThat(Files.readString(folder.resolve(".recording." + id))).contains("\"status\":\"stopped\"");
        assertThat(Files.readString(folder.resolve(id + ".mp4"))).endsWith(new String(TestRecorders.TRAILER));
    }

    @Test
    void aRecordingServerWithoutAFolderRecordsIntoATemporaryOne() {
        OpenViduServerStub server = closeLater(new TestRecorders().installIn(OpenViduServerStub.builder().recording(true)).start());

        assertThat(server.recordingEnabled()).isTrue();
        assertThat(server.recordingPath()).isDirectory();
        assertThat(server.recordingUrl("abc").toString()).isEqualTo(server.baseUrl() + "/recordings/abc.mp4");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aPublicUrlChangesSessionIdsAndRecordingUrls() throws Exception {
        int port = freePort();
        OpenViduServerStub server = recordingServer(b -> b.port(port).publicUrl("https://media.example.org:4443/").freeAccess(true));
        // The public URL is where clients are told to go; this test talks to the server where it really listens.
        Api local = new Api(java.net.URI.create("http://localhost:" + port), Api.basic("OPENVIDUAPP", "MY_SECRET"),
                java.net.http.HttpClient.newHttpClient());

        String session = local.manualSession();
        local.join(session, true);
        String id = local.record(session).get("id").asText();
        String url = local.stop(id).get("url").asText();

        assertThat(server.baseUrl().toString()).isEqualTo("https://media.example.org:4443");
        assertThat(session).startsWith("wss://media.example.org:4443/");
        assertThat(url).isEqualTo("https://media.example.org:4443/recordings/" + id + ".mp4");
        assertThat(recorders.launches().get(0).layoutUrl()).as("the recorder still reaches the server locally")
                .contains("@127.0.0.1:" + port + "/");
    }

    @Test
    void portIsTheListeningPortEvenWithAPublicUrl() throws Exception {
        int port = freePort();

        OpenViduServerStub server = closeLater(OpenViduServerStub.builder().port(port).publicUrl("https://media.example.org:4443").start());

        assertThat(server.port()).as("port() is documented as the port the server listens on").isEqualTo(port);
    }
}
