package io.openvidu.java.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;

import io.openvidu.java.client.OpenViduException.Code;

/** Timeouts, refused connections, broken responses, the pool, proxies and the caller's own client. */
class TransportTest extends WireMockSupport {

    @Test
    void theResponseTimeoutFiresWhenTheServerAnswersTooLate() {
        wm.stubFor(get("/api/recordings/abc").willReturn(okJson("{\"id\":\"abc\"}").withFixedDelay(5_000)));

        try (OpenVidu ov = OpenVidu.builder(url(), SECRET).responseTimeout(Duration.ofMillis(300)).build()) {
            long start = System.nanoTime();
            OpenViduTimeoutException e = catchThrowableOfType(OpenViduTimeoutException.class,
                    () -> ov.getRecording("abc"));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(e.getPhase()).isEqualTo(OpenViduTimeoutException.Phase.RESPONSE);
            assertThat(e).isInstanceOf(OpenViduTransportException.class);
            assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class);
            assertThat(e.getCode()).isEqualTo(Code.RECORDING_LIST_ERROR_CODE);
            assertThat(e.getMethod()).isEqualTo("GET");
            assertThat(e.getPath()).isEqualTo("/api/recordings/abc");
            assertThat(e).hasMessage("getRecording(abc): GET /api/recordings/abc got no response within 300 ms "
                    + "(response timeout)");
            assertThat(ms).isBetween(250L, 4_000L);
            assertThat(ov.transport().poolStats().getLeased()).isZero();
        }
    }

    /**
     * A black hole on the loopback: a listening socket that never accepts, whose accept queue we
     * fill first. Linux then drops further SYNs, so a connect hangs until the client's connect
     * timeout. If the queue cannot be filled (another kernel behaviour), the test is skipped.
     */
    @Test
    void theConnectTimeoutFiresWhenTheServerNeverCompletesTheHandshake() throws IOException {
        try (ServerSocket blackHole = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), blackHole.getLocalPort());
            List<Socket> fillers = new ArrayList<>();
            boolean full = false;
            try {
                for (int i = 0; i < 50 && !full; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(address, 200);
                        fillers.add(s);
                    } catch (SocketTimeoutException e) {
                        s.close();
                        full = true;
                    }
                }
                assumeTrue(full, "could not fill the accept queue of a loopback socket on this system");

                try (OpenVidu ov = OpenVidu.builder("http://127.0.0.1:" + blackHole.getLocalPort(), SECRET)
                        .connectTimeout(Duration.ofMillis(300)).build()) {
                    long start = System.nanoTime();
                    OpenViduTimeoutException e = catchThrowableOfType(OpenViduTimeoutException.class,
                            ov::listRecordings);
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

                    assertThat(e.getPhase()).isEqualTo(OpenViduTimeoutException.Phase.CONNECT);
                    assertThat(e).hasMessageContaining("could not connect to http://127.0.0.1:")
                            .hasMessageEndingWith("within 300 ms (connect timeout)");
                    assertThat(e.getCause()).isInstanceOf(org.apache.hc.client5.http.ConnectTimeoutException.class);
                    assertThat(ms).isBetween(250L, 4_000L);
                }
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aRefusedConnectionIsATransportFailureWithTheCauseKept() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (OpenVidu ov = new OpenVidu("http://127.0.0.1:" + closedPort + "/", SECRET)) {
            OpenViduTransportException e = catchThrowableOfType(OpenViduTransportException.class,
                    () -> ov.startRecording(SESSION_ID));

            assertThat(e).isExactlyInstanceOf(OpenViduTransportException.class);
            assertThat(e.getCause()).isInstanceOf(ConnectException.class);
            assertThat(e.getCode()).isEqualTo(Code.RECORDING_START_ERROR_CODE);
            assertThat(e).hasMessageStartingWith("startRecording(" + SESSION_ID + "): POST /api/recordings/start "
                    + "could not connect to http://127.0.0.1:" + closedPort);
        }
    }

    @Test
    void anUnknownHostIsATransportFailure() {
        try (OpenVidu ov = new OpenVidu("http://openvidu.invalid:4443/", SECRET)) {
            OpenViduTransportException e = catchThrowableOfType(OpenViduTransportException.class, ov::listRecordings);

            assertThat(e.getCause()).isInstanceOf(UnknownHostException.class);
            assertThat(e).hasMessageContaining("unknown host");
        }
    }

    @Test
    void aConnectionResetOrAnEmptyResponseIsATransportFailure() {
        wm.stubFor(get("/api/recordings/reset").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wm.stubFor(get("/api/recordings/empty").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        wm.stubFor(get("/api/recordings/garbage").willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));

        try (OpenVidu ov = OpenVidu.builder(url(), SECRET).poolSize(1).build()) {
            for (String id : List.of("reset", "empty", "garbage")) {
                OpenViduTransportException e = catchThrowableOfType(OpenViduTransportException.class,
                        () -> ov.getRecording(id));
                assertThat(e.getCause()).isInstanceOf(IOException.class);
                assertThat(e).hasMessageStartingWith("getRecording(" + id + "): GET /api/recordings/" + id + " ");
            }
            assertThat(ov.transport().poolStats().getLeased()).isZero();
        }
    }

    @Test
    void aBodyCutShortByTheServerIsATransportFailure() {
        wm.stubFor(get("/api/recordings/abc").willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));

        try (OpenVidu ov = new OpenVidu(url(), SECRET)) {
            catchThrowableOfType(OpenViduTransportException.class, () -> ov.getRecording("abc"));
        }
    }

    /**
     * 10,000 calls from 4 threads over a pool of 2: successes, 404s, 500s and unreadable 200s.
     * Afterwards no connection is leased, and a further call gets a connection at once.
     */
    @Test
    void tenThousandMixedCallsLeaveNoLeasedConnectionInAPoolOfTwo() throws Exception {
        wm.stubFor(get("/api/recordings/ok").willReturn(okJson(recordingJson("ok", "started", "0", "0.0", null))));
        wm.stubFor(get("/api/recordings/missing").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody(errorJson(404, "Not Found", "no"))));
        wm.stubFor(get("/api/recordings/boom").willReturn(aResponse().withStatus(500).withBody("boom")));
        wm.stubFor(get("/api/recordings/bad").willReturn(okJson("{\"id\":")));

        try (OpenVidu ov = OpenVidu.builder(url(), SECRET).poolSize(2)
                .connectionRequestTimeout(Duration.ofSeconds(2)).build()) {
            String[] ids = {"ok", "missing", "boom", "bad"};
            AtomicInteger successes = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int offset = t;
                    futures.add(threads.submit(() -> {
                        for (int i = 0; i < 2_500; i++) {
                            try {
                                ov.getRecording(ids[(i + offset) % ids.length]);
                                successes.incrementAndGet();
                            } catch (OpenViduHttpException | OpenViduResponseException expected) {
                                failures.incrementAndGet();
                            }
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(5, TimeUnit.MINUTES);
                }
            } finally {
                threads.shutdownNow();
            }

            assertThat(successes.get()).isEqualTo(2_500);
            assertThat(failures.get()).isEqualTo(7_500);
            PoolStats stats = ov.transport().poolStats();
            assertThat(stats.getLeased()).isZero();
            assertThat(stats.getPending()).isZero();
            assertThat(stats.getAvailable()).isLessThanOrEqualTo(2);
            assertThat(stats.getMax()).isEqualTo(2);

            long start = System.nanoTime();
            assertThat(ov.getRecording("ok").getId()).isEqualTo("ok");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
        }
    }

    @Test
    void whenEveryPooledConnectionIsBusyACallFailsWithAPoolTimeout() throws Exception {
        wm.stubFor(get("/api/recordings/slow").willReturn(okJson("{\"id\":\"slow\"}").withFixedDelay(1_000)));

        try (OpenVidu ov = OpenVidu.builder(url(), SECRET).poolSize(1)
                .connectionRequestTimeout(Duration.ofMillis(200)).build()) {
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                Future<Archive> busy = other.submit(() -> ov.getRecording("slow"));
                // wait (without sleeping) until the slow call holds the only connection
                while (ov.transport().poolStats().getLeased() == 0 && !busy.isDone()) {
                    Thread.onSpinWait();
                }
                OpenViduTimeoutException e = catchThrowableOfType(OpenViduTimeoutException.class,
                        () -> ov.getRecording("other"));

                assertThat(e.getPhase()).isEqualTo(OpenViduTimeoutException.Phase.CONNECTION_POOL);
                assertThat(e).hasMessageContaining("no free pooled connection within 200 ms (pool size 1)");
                assertThat(busy.get(10, TimeUnit.SECONDS).getId()).isEqualTo("slow");
            } finally {
                other.shutdownNow();
            }
        }
    }

    @Test
    void aCallerSuppliedClientIsUsedWithOurCredentialsAndIsNotClosedByClose() throws Exception {
        wm.stubFor(get("/api/recordings/abc").willReturn(okJson(recordingJson("abc", "started", "0", "0.0", null))));
        wm.stubFor(get("/api/recordings/missing").willReturn(aResponse().withStatus(404)));
        PoolingHttpClientConnectionManager manager = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(2).setMaxConnPerRoute(2).build();
        CloseableHttpClient own = HttpClients.custom().setConnectionManager(manager).build();
        try {
            OpenVidu ov = OpenVidu.builder(url(), SECRET).httpClient(own).build();
            assertThat(ov.getRecording("abc").getId()).isEqualTo("abc");
            for (int i = 0; i < 50; i++) {
                catchThrowableOfType(OpenViduNotFoundException.class, () -> ov.getRecording("missing"));
            }
            assertThat(ov.transport().poolStats()).as("no pool of our own").isNull();
            ov.close();
            ov.close();

            assertThatThrownBy(() -> ov.getRecording("abc")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("this OpenVidu client is closed");
            assertThat(manager.getTotalStats().getLeased()).isZero();
            int status = own.execute(new HttpGet(url() + "api/recordings/abc"), r -> r.getCode());
            assertThat(status).as("the caller's client still works").isEqualTo(200);
            wm.verify(getRequestedFor(urlEqualTo("/api/recordings/abc")).withHeader("Authorization", equalTo(BASIC)));
        } finally {
            own.close(CloseMode.IMMEDIATE);
        }
    }

    @Test
    void closeReleasesOurPoolAndLaterCallsFailClearly() {
        wm.stubFor(get("/api/recordings/abc").willReturn(okJson("{\"id\":\"abc\"}")));
        OpenVidu ov = new OpenVidu(url(), SECRET);
        ov.getRecording("abc");

        ov.close();
        ov.close();

        assertThatThrownBy(() -> ov.getRecording("abc")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anExplicitProxyReceivesTheRequestsWithTheTargetHost() {
        wm.stubFor(get("/api/recordings/abc").willReturn(okJson(recordingJson("abc", "started", "0", "0.0", null))));

        try (OpenVidu ov = OpenVidu.builder("http://openvidu.invalid:4443/", SECRET)
                .proxy(new HttpHost("http", "localhost", wm.port())).build()) {
            assertThat(ov.getRecording("abc").getId()).isEqualTo("abc");
        }

        wm.verify(getRequestedFor(urlEqualTo("/api/recordings/abc")).withHeader("Host", equalTo("openvidu.invalid:4443"))
                .withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void theJvmProxySettingsAreUsedWhenAskedFor() {
        wm.stubFor(get("/api/recordings/abc").willReturn(okJson(recordingJson("abc", "started", "0", "0.0", null))));
        String oldHost = System.getProperty("http.proxyHost");
        String oldPort = System.getProperty("http.proxyPort");
        System.setProperty("http.proxyHost", "localhost");
        System.setProperty("http.proxyPort", Integer.toString(wm.port()));
        try (OpenVidu ov = OpenVidu.builder("http://openvidu.invalid:4443/", SECRET).useJvmProxySettings().build()) {
            assertThat(ov.getRecording("abc").getId()).isEqualTo("abc");
        } finally {
            restore("http.proxyHost", oldHost);
            restore("http.proxyPort", oldPort);
        }

        wm.verify(getRequestedFor(urlEqualTo("/api/recordings/abc")).withHeader("Host", equalTo("openvidu.invalid:4443")));
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
