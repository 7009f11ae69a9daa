package dev.ovstub.server.junit;

import dev.ovstub.server.FaultInjection;
import dev.ovstub.server.JoinOptions;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.Participant;
import dev.ovstub.server.StubRecording;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a test needs of the running stub server: where it is, a ready-made client, the participant simulation,
 * fault injection, and waits whose failures are {@link AssertionError}s saying what was seen instead.
 */
public final class OpenViduStubRuntimeInfo {
    private static final long POLL_MILLIS = 20;

    private final OpenViduServerStub server;
    private volatile io.openvidu.java.client.OpenVidu client;
    private final ReceivedWebhooks webhooks;

    OpenViduStubRuntimeInfo(OpenViduServerStub server, ReceivedWebhooks webhooks) {
        this.server = server;
        this.webhooks = webhooks;
    }

    /**
     * The webhook events the server sent during this test ({@code @OpenViduStubTest(webhook = true)}).
     *
     * @throws IllegalStateException when the extension was not asked for webhooks
     */
    public ReceivedWebhooks webhooks() {
        if (webhooks == null) {
            throw new IllegalStateException("webhooks are off for this server: use @OpenViduStubTest(webhook = true)");
        }
        return webhooks;
    }

    void clearWebhooks() {
        if (webhooks != null) {
            webhooks.clear();
        }
    }

    /** The server itself, for everything this class does not wrap. */
    public OpenViduServerStub server() {
        return server;
    }

    /** E.g. {@code http://localhost:41234}: what your backend's {@code OpenVidu} URL should be. */
    public URI baseUrl() {
        return server.baseUrl();
    }

    public String secret() {
        return server.secret();
    }

    public int port() {
        return server.port();
    }

    /** The temporary recordings folder (null when recording is off). */
    public Path recordingPath() {
        return server.recordingPath();
    }

    /**
     * A client pointed at this server with its secret, made on first use and closed with the server. It is
     * {@code io.openvidu.java.client.OpenVidu} from whichever client is on the test class path.
     */
    public io.openvidu.java.client.OpenVidu openVidu() {
        io.openvidu.java.client.OpenVidu c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = newClient();
                    client = c;
                }
            }
        }
        return c;
    }

    private io.openvidu.java.client.OpenVidu newClient() {
        String url = server.baseUrl().toString();
        java.util.Optional<java.security.cert.X509Certificate> cert = server.certificate();
        if (cert.isPresent()) {
            try {
                // Our client verifies certificates: trust exactly the one this server presents.
                return io.openvidu.java.client.OpenVidu.builder(url, server.secret()).trustCertificate(cert.get()).build();
            } catch (NoSuchMethodError | NoClassDefFoundError officialClient) {
                // The official 1.8.0 client has no builder; it trusts every certificate anyway.
            }
        }
        return new io.openvidu.java.client.OpenVidu(url, server.secret());
    }

    /** Joins with a token from {@code Session.generateToken()}. */
    public Participant join(String sessionId, String token) {
        return server.join(sessionId, token);
    }

    public Participant join(String sessionId, String token, JoinOptions options) {
        return server.join(sessionId, token, options);
    }

    /** Joins an insecure session (ROUTED + ALWAYS + BEST_FIT if new) with the server secret. */
    public Participant joinInsecure(String sessionIdOrName, JoinOptions options) {
        return server.joinInsecure(sessionIdOrName, options);
    }

    public FaultInjection faults() {
        return server.faults();
    }

    /** The recording as the server sees it now. */
    public Optional<StubRecording> recording(String recordingId) {
        return server.recording(recordingId);
    }

    /**
     * Waits until a recording has the given status, named as on the wire ({@code started}, {@code stopped},
     * {@code available}, {@code failed}...).
     *
     * @throws IllegalArgumentException if {@code status} is not a recording status
     * @throws AssertionError past the timeout, with the status seen last
     */
    public StubRecording awaitRecordingStatus(String recordingId, String status, Duration timeout) {
        return awaitRecordingStatus(recordingId, StubRecording.Status.fromWireName(status), timeout);
    }

    /**
     * Waits until a recording has the given status.
     *
     * @throws AssertionError past the timeout, with the status seen last
     */
    public StubRecording awaitRecordingStatus(String recordingId, StubRecording.Status status, Duration timeout) {
        return await(() -> server.recording(recordingId), r -> r.status() == status, timeout,
                "recording " + recordingId + " to be " + status,
                last -> last == null ? "there is no such recording" : "it is " + last.status());
    }

    /**
     * Waits until a session is being recorded (its ALWAYS recording has started, for instance) and returns
     * that recording once it is {@code started}.
     */
    public StubRecording awaitSessionRecorded(String sessionId, Duration timeout) {
        return await(() -> server.activeRecordingOf(sessionId).flatMap(server::recording),
                r -> r.status() == StubRecording.Status.STARTED, timeout,
                "session " + sessionId + " to be recorded",
                last -> last == null ? "it has no active recording" : "its recording " + last.id() + " is " + last.status());
    }

    private static <T> T await(Supplier<Optional<T>> probe, Predicate<T> done, Duration timeout, String what,
                               java.util.function.Function<T, String> seen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (true) {
            Optional<T> current = probe.get();
            if (current.isPresent()) {
                last = current.get();
                if (done.test(last)) {
                    return last;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + what + " within " + timeout.toMillis() + " ms, but "
                        + seen.apply(last));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
        }
    }

    /** Closes the client made by {@link #openVidu()}, if any. */
    void closeWebhooks() {
        if (webhooks != null) {
            webhooks.close();
        }
    }

    void closeClient() {
        Object c = client;
        client = null;
        if (c instanceof AutoCloseable) {
            try {
                ((AutoCloseable) c).close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }
}
