package dev.ovstub.server.internal.recorder;

import static dev.ovstub.server.internal.recorder.GridRecorderRealTimeTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpLayoutSourceTest {
    @TempDir
    Path dir;

    @Test
    void aRelativeLiveStreamIsResolvedAgainstTheStateUrlWithTheLayoutsCredentialsAndAnAbsoluteOneIsKept() throws Exception {
        LayoutState state = new LayoutState("ses", "BEST_FIT", 3, List.of(
                new Publisher("con_a", "", "live:../live/ses/frames/str_CAM_a"),
                new Publisher("con_b", "", "live:http://127.0.0.1:4000/frames/str_CAM_b"),
                new Publisher("con_c", "", null)));

        LayoutState resolved = HttpLayoutSource.resolveLiveMedia(state,
                java.net.URI.create("https://recorder.example:4443/stub/layout/ses"), "OPENVIDUAPP:p@ss w/rd");

        String a = resolved.publishers().get(0).media();
        assertThat(a).startsWith("live:https://OPENVIDUAPP:").endsWith("@recorder.example:4443/stub/live/ses/frames/str_CAM_a");
        java.net.URI uri = java.net.URI.create(a.substring("live:".length()));
        assertThat(uri.getUserInfo()).isEqualTo("OPENVIDUAPP:p@ss w/rd");
        assertThat(LiveRequests.shown(uri)).isEqualTo("https://recorder.example:4443/stub/live/ses/frames/str_CAM_a")
                .doesNotContain("p@ss");
        assertThat(LiveFrames.audioUrl(uri.toString())).endsWith("/stub/live/ses/audio/str_CAM_a");
        assertThat(resolved.publishers().get(1).media()).isEqualTo("live:http://127.0.0.1:4000/frames/str_CAM_b");
        assertThat(resolved.publishers().get(2).media()).isNull();
        LayoutState elsewhere = HttpLayoutSource.resolveLiveMedia(new LayoutState("ses", "BEST_FIT", 4, List.of(
                new Publisher("con_d", "", "live://attacker.example/frames/str_CAM_d"))),
                java.net.URI.create("https://recorder.example:4443/stub/layout/ses"), "OPENVIDUAPP:p@ss w/rd");
        assertThat(elsewhere.publishers().get(0).media()).as("credentials never go to another server").isNull();
        assertThat(HttpLayoutSource.resolveLiveMedia(new LayoutState("ses", "BEST_FIT", 1, List.of(Publisher.of("x"))),
                java.net.URI.create("http://h:1/stub/layout/ses"), "u:p")).isEqualTo(
                new LayoutState("ses", "BEST_FIT", 1, List.of(Publisher.of("x"))));
    }

    @Test
    void pollsTheLayoutStateWithBasicAuthAndFollowsChanges() throws Exception {
        try (LayoutStateServer server = LayoutStateServer.http("abc", "s3cret")) {
            server.publishers("con_a");
            try (HttpLayoutSource src = HttpLayoutSource.start(LayoutUrl.parse(server.layoutUrl("http", "s3cret")))) {
                await(() -> ids(src).equals(List.of("con_a")));
                server.publishers("con_a", "con_b");
                await(() -> ids(src).equals(List.of("con_a", "con_b")));
                assertThat(src.current(0).publishers().get(1).metadata()).isEqualTo("user 1");
            }
            assertThat(server.authHeaders).allMatch(server.expectedAuth::equals);
        }
    }

    @Test
    void theOpenViduTwoGeometryAndTheBigPublisherReachTheRecorder() throws Exception {
        try (LayoutStateServer server = LayoutStateServer.http("ses_A", "s3cret")) {
            server.body = new String(new LayoutState("wss://localhost/ses_A", "PICTURE_IN_PICTURE", 4,
                    List.of(Publisher.of("con_a"), new Publisher("con_b", "bob", null, true)), LayoutState.Geometry.OPENVIDU_2)
                    .toJson(), java.nio.charset.StandardCharsets.UTF_8);
            try (HttpLayoutSource src = HttpLayoutSource.start(LayoutUrl.parse(server.layoutUrl("http", "s3cret")))) {
                await(() -> src.current(0).version() == 4);
                LayoutState state = src.current(0);
                assertThat(state.geometry()).isEqualTo(LayoutState.Geometry.OPENVIDU_2);
                assertThat(state.layout()).isEqualTo("PICTURE_IN_PICTURE");
                assertThat(state.publishers()).extracting(Publisher::big).containsExactly(false, true);
            }
        }
    }

    @Test
    void aMissingSessionMeansNoPublishersAndErrorsKeepTheLastKnownState() throws Exception {
        try (LayoutStateServer server = LayoutStateServer.http("abc", "s3cret")) {
            server.publishers("con_a");
            try (HttpLayoutSource src = HttpLayoutSource.start(LayoutUrl.parse(server.layoutUrl("http", "s3cret")))) {
                await(() -> ids(src).equals(List.of("con_a")));
                server.status = 500;
                int before = server.requests.get();
                await(() -> server.requests.get() >= before + 3);
                assertThat(ids(src)).containsExactly("con_a");
                server.body = "{not json";
                server.status = 200;
                int before2 = server.requests.get();
                await(() -> server.requests.get() >= before2 + 3);
                assertThat(ids(src)).containsExactly("con_a");
                server.status = 404;
                await(() -> ids(src).isEmpty());
            }
        }
    }

    @Test
    void acceptsTheServersSelfSignedCertificateForAnotherHostName() throws Exception {
        SSLContext ssl = selfSignedServerContext(dir);
        try (LayoutStateServer server = LayoutStateServer.https("abc", "s3cret", ssl)) {
            server.publishers("con_tls");
            try (HttpLayoutSource src = HttpLayoutSource.start(LayoutUrl.parse(server.layoutUrl("https", "s3cret")))) {
                await(() -> ids(src).equals(List.of("con_tls")));
            }
        }
    }

    @Test
    void stopsPollingWhenClosed() throws Exception {
        try (LayoutStateServer server = LayoutStateServer.http("abc", "s3cret")) {
            HttpLayoutSource src = HttpLayoutSource.start(LayoutUrl.parse(server.layoutUrl("http", "s3cret")),
                    java.time.Duration.ofMillis(20));
            await(() -> src.polls() >= 2);
            src.close();
            long polls = src.polls();
            int requests = server.requests.get();
            // a closed poller makes no further request: check over several poll intervals
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            await(() -> System.nanoTime() >= until);
            assertThat(src.polls()).isEqualTo(polls);
            assertThat(server.requests.get()).isEqualTo(requests);
        }
    }

    @Test
    void onceClosedNoThreadItStartedIsLeftRunningOrInNativeCode() throws Exception {
        // A thread left in native code (as the JDK HttpClient's selector is) holds up the recorder's JVM exit,
        // and so every stop of a recording, by about 300 ms.
        SSLContext ssl = selfSignedServerContext(dir);
        try (LayoutStateServer server = LayoutStateServer.https("abc", "s3cret", ssl)) {
            server.publishers("con_a");
            java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
            HttpLayoutSource src = HttpLayoutSource.start(LayoutUrl.parse(server.layoutUrl("https", "s3cret")),
                    java.time.Duration.ofMillis(20));
            await(() -> ids(src).equals(List.of("con_a")) && src.polls() >= 3);
            src.close();

            List<String> left = Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> !before.contains(e.getKey()) && e.getKey().isAlive())
                    .filter(e -> e.getKey().getName().startsWith("ovstub-layout-poll") || e.getKey().getState() == Thread.State.RUNNABLE)
                    .filter(e -> !e.getKey().getName().startsWith("pool-")) // the test server's workers
                    .map(e -> e.getKey().getName() + " " + e.getKey().getState() + " at "
                            + (e.getValue().length > 0 ? e.getValue()[0] : "?"))
                    .toList();
            assertThat(left).isEmpty();
        }
    }

    static List<String> ids(LayoutSource src) {
        return src.current(0).publishers().stream().map(Publisher::id).toList();
    }

    /** A server TLS context with a fresh self-signed certificate for "example.invalid" (made by keytool). */
    static SSLContext selfSignedServerContext(Path dir) throws Exception {
        Path ks = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=example.invalid", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
