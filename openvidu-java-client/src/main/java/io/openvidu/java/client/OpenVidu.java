package io.openvidu.java.client;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.HttpHost;

import io.openvidu.java.client.internal.Call;
import io.openvidu.java.client.internal.HttpTransport;
import io.openvidu.java.client.internal.JsonCodec;
import io.openvidu.java.client.internal.Operation;
import io.openvidu.java.client.internal.TransportSettings;

/**
 * Entry point: a client of one OpenVidu server's REST API, source-compatible with the official
 * openvidu-java-client 1.8.0.
 *
 * <pre>{@code
 * try (OpenVidu openVidu = new OpenVidu("https://openvidu.example.com:4443/", secret)) {
 *     Session session = openVidu.createSession();
 *     String token = session.generateToken();
 *     ...
 * }
 * }</pre>
 *
 * <p>One instance is meant to live as long as the application: it is thread-safe and holds a
 * pool of HTTP connections, released by {@link #close()}. {@link #builder(String, String)} gives
 * timeouts, pool size, proxy, TLS trust and a caller-supplied HttpClient.
 *
 * <p>Every failure of a call is an unchecked {@link OpenViduException}; see there for the
 * subclasses. Invalid arguments (a {@code null} or empty id) are rejected with an
 * {@link IllegalArgumentException} before anything is sent.
 */
public class OpenVidu implements AutoCloseable {

    private final HttpTransport transport;

    /**
     * Creates a client with the defaults: connect timeout 10 s, response timeout 30 s, pool of
     * 20 connections, no proxy, certificates verified against the JVM's trust store.
     *
     * @param urlOpenViduServer base URL of the server, e.g. {@code https://localhost:4443/} (a
     *        trailing slash and a base path are both fine)
     * @param secret the server's secret ({@code openvidu.secret}); sent as HTTP Basic password of
     *        user {@code OPENVIDUAPP}
     * @throws IllegalArgumentException if the URL is not an absolute http(s) URL, or the secret is {@code null}
     */
    public OpenVidu(String urlOpenViduServer, String secret) {
        this(new Builder(urlOpenViduServer, secret).settings.build());
    }

    private OpenVidu(TransportSettings settings) {
        this.transport = new HttpTransport(settings);
    }

    /**
     * Starts building a client with options beyond the defaults of {@link #OpenVidu(String, String)}.
     *
     * @param urlOpenViduServer base URL of the server, e.g. {@code https://localhost:4443/}
     * @param secret the server's secret
     * @return a builder
     * @throws IllegalArgumentException if the secret is {@code null}
     */
    public static Builder builder(String urlOpenViduServer, String secret) {
        return new Builder(urlOpenViduServer, secret);
    }

    /**
     * Creates a session with the default properties (ROUTED, MANUAL, BEST_FIT).
     *
     * <p>Unlike 1.8.0, which only asked the server for an id on the first
     * {@link Session#getSessionId()}, the session is created on the server here, so a bad URL or
     * secret fails at this line.
     *
     * @return the created session
     * @throws OpenViduException (a subclass) if the server could not create it
     */
    public Session createSession() throws OpenViduException {
        return createSession(new SessionProperties.Builder().build());
    }

    /**
     * Creates a session with the given properties ({@code POST /api/sessions}).
     *
     * @param properties the properties, not {@code null}
     * @return the created session
     * @throws OpenViduException (a subclass, code {@code SESSIONID_CANNOT_BE_CREATED_ERROR_CODE})
     *         if the server could not create it
     * @throws IllegalArgumentException if {@code properties} is {@code null}
     */
    public Session createSession(SessionProperties properties) throws OpenViduException {
        SessionProperties.requireArgument(properties, "properties");
        Call call = Call.of(Operation.CREATE_SESSION,
                properties.mediaMode() + ", " + properties.archiveMode() + ", " + properties.archiveLayout(),
                JsonCodec.sessionBody(properties));
        String sessionId = transport.execute(call, r -> JsonCodec.sessionId(r.body()));
        return new Session(this, sessionId, properties);
    }

    String generateToken(String sessionId, TokenOptions options) {
        SessionProperties.requireArgument(options, "tokenOptions");
        Call call = Call.of(Operation.GENERATE_TOKEN, sessionId + ", " + options.getRole(),
                JsonCodec.tokenBody(sessionId, options.getRole(), options.getData()));
        return transport.execute(call, r -> JsonCodec.token(r.body()));
    }

    /**
     * Starts recording a session ({@code POST /api/recordings/start}). The session must be ROUTED,
     * live (someone joined it) and have participants.
     *
     * @param sessionId the id of the session, as returned by {@link Session#getSessionId()}
     * @return the recording, usually with status {@link Archive.Status#started}
     * @throws OpenViduNotFoundException if the session is not live
     * @throws OpenViduConflictException if the session is already being recorded or is not ROUTED
     * @throws OpenViduBadRequestException if the session has no participants
     * @throws OpenViduException (another subclass; code {@code RECORDING_START_ERROR_CODE}) on any other failure
     * @throws IllegalArgumentException if {@code sessionId} is {@code null} or empty
     */
    public Archive startRecording(String sessionId) throws OpenViduException {
        requireId(sessionId, "sessionId");
        Call call = Call.of(Operation.START_RECORDING, sessionId, JsonCodec.startRecordingBody(sessionId));
        return transport.execute(call, r -> JsonCodec.archive(r.body()));
    }

    /**
     * Stops a recording ({@code POST /api/recordings/stop/{id}}).
     *
     * @param recordingId the recording id ({@link Archive#getId()})
     * @return the final recording, status {@link Archive.Status#stopped} or {@link Archive.Status#available}
     * @throws OpenViduNotFoundException if the recording is unknown or already stopped
     * @throws OpenViduConflictException if it is still starting
     * @throws OpenViduException (another subclass; code {@code RECORDING_STOP_ERROR_CODE}) on any other failure
     * @throws IllegalArgumentException if {@code recordingId} is {@code null} or empty
     */
    public Archive stopRecording(String recordingId) throws OpenViduException {
        requireId(recordingId, "recordingId");
        Call call = Call.forId(Operation.STOP_RECORDING, recordingId);
        return transport.execute(call, r -> JsonCodec.archive(r.body()));
    }

    /**
     * Gets one recording ({@code GET /api/recordings/{id}}).
     *
     * @param recordingId the recording id
     * @return the recording
     * @throws OpenViduNotFoundException if it is unknown
     * @throws OpenViduException (another subclass; code {@code RECORDING_LIST_ERROR_CODE}) on any other failure
     * @throws IllegalArgumentException if {@code recordingId} is {@code null} or empty
     */
    public Archive getRecording(String recordingId) throws OpenViduException {
        requireId(recordingId, "recordingId");
        Call call = Call.forId(Operation.GET_RECORDING, recordingId);
        return transport.execute(call, r -> JsonCodec.archive(r.body()));
    }

    /**
     * Lists every recording ({@code GET /api/recordings}).
     *
     * @return a new mutable list owned by the caller (as in 1.8.0), in the server's order
     * @throws OpenViduException (a subclass; code {@code RECORDING_LIST_ERROR_CODE}) on any failure
     */
    public List<Archive> listRecordings() throws OpenViduException {
        Call call = Call.of(Operation.LIST_RECORDINGS, "", null);
        return transport.execute(call, r -> JsonCodec.archives(r.body()));
    }

    /**
     * Deletes a stopped recording and its files ({@code DELETE /api/recordings/{id}}).
     *
     * @param recordingId the recording id
     * @throws OpenViduNotFoundException if it is unknown
     * @throws OpenViduConflictException if it is still starting or started
     * @throws OpenViduException (another subclass; code {@code RECORDING_DELETE_ERROR_CODE}) on any other failure
     * @throws IllegalArgumentException if {@code recordingId} is {@code null} or empty
     */
    public void deleteRecording(String recordingId) throws OpenViduException {
        requireId(recordingId, "recordingId");
        Call call = Call.forId(Operation.DELETE_RECORDING, recordingId);
        transport.execute(call, r -> null);
    }

    /**
     * Releases the connection pool. Idempotent. A caller-supplied HttpClient is not closed: its
     * owner closes it. Calls made after this one throw {@link IllegalStateException}.
     */
    @Override
    public void close() {
        transport.close();
    }

    /**
     * The server's base URL, without the secret.
     *
     * @return a description such as {@code OpenVidu[https://localhost:4443]}
     */
    @Override
    public String toString() {
        return "OpenVidu[" + transport.baseUrl() + "]";
    }

    /** For tests in this package: the transport, to read pool statistics. */
    HttpTransport transport() {
        return transport;
    }

    private static void requireId(String id, String name) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be null or empty");
        }
    }

    /**
     * Options of an {@link OpenVidu} client. Not thread-safe; {@link #build()} may be called more
     * than once, each time creating an independent client.
     */
    public static final class Builder {

        private final TransportSettings.Builder settings;

        private Builder(String url, String secret) {
            if (secret == null) {
                throw new IllegalArgumentException("secret must not be null");
            }
            settings = TransportSettings.builder(url, secret);
        }

        /**
         * Time allowed to establish a connection (TCP and TLS). Default 10 s.
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder connectTimeout(Duration timeout) {
            settings.connectTimeout(positive(timeout, "connectTimeout"));
            return this;
        }

        /**
         * Time allowed for the server to answer (between bytes). Default 30 s. Starting and
         * stopping a recording can take seconds on a real server: keep this generous.
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder responseTimeout(Duration timeout) {
            settings.responseTimeout(positive(timeout, "responseTimeout"));
            return this;
        }

        /**
         * Time a call waits for a free connection when all of the pool are busy. Default 30 s.
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder connectionRequestTimeout(Duration timeout) {
            settings.connectionRequestTimeout(positive(timeout, "connectionRequestTimeout"));
            return this;
        }

        /**
         * Maximum number of connections to the server (calls beyond it wait). Default 20.
         *
         * @param size at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder poolSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("poolSize must be at least 1, was " + size);
            }
            settings.poolSize(size);
            return this;
        }

        /**
         * Sends every request through this HTTP proxy (HTTPS is tunnelled with CONNECT).
         *
         * @param proxy the proxy, e.g. {@code new HttpHost("http", "proxy.corp", 3128)}
         * @return this builder
         * @throws IllegalArgumentException if {@code proxy} is {@code null}
         */
        public Builder proxy(HttpHost proxy) {
            settings.proxy(SessionProperties.requireArgument(proxy, "proxy"));
            return this;
        }

        /**
         * Chooses the proxy as the JVM does: through {@link java.net.ProxySelector#getDefault()},
         * which reads {@code http.proxyHost}, {@code https.proxyHost}, {@code http.nonProxyHosts}
         * and friends (or {@code -Djava.net.useSystemProxies=true}). Off by default.
         *
         * @return this builder
         */
        public Builder useJvmProxySettings() {
            settings.useJvmProxySettings();
            return this;
        }

        /**
         * Trusts this certificate in addition to the JVM's trust store, for a server with a
         * self-signed certificate. Host names are still verified: the certificate must name the
         * host of the URL. May be called more than once.
         *
         * @param certificate the server's certificate (or the CA that signed it)
         * @return this builder
         * @throws IllegalArgumentException if {@code certificate} is {@code null}
         */
        public Builder trustCertificate(X509Certificate certificate) {
            settings.trustCertificate(SessionProperties.requireArgument(certificate, "certificate"));
            return this;
        }

        /**
         * Trusts every certificate of this key store in addition to the JVM's trust store. Host
         * names are still verified. May be called more than once.
         *
         * @param trustStore a loaded key store
         * @return this builder
         * @throws IllegalArgumentException if {@code trustStore} is {@code null}
         */
        public Builder trustStore(KeyStore trustStore) {
            settings.trustStore(SessionProperties.requireArgument(trustStore, "trustStore"));
            return this;
        }

        /**
         * Turns off all certificate and host name verification. Anyone on the network path can
         * then impersonate the server and read the secret. Only for a server on your own machine
         * during development; a WARN is logged when the client is built. Prefer
         * {@link #trustCertificate(X509Certificate)}.
         *
         * @return this builder
         */
        public Builder insecureTrustAllCertificatesForLocalDevelopmentOnly() {
            settings.trustAll();
            return this;
        }

        /**
         * Uses the caller's HttpClient instead of creating one. The caller owns it:
         * {@link OpenVidu#close()} does not close it, and its own timeouts, pool, proxy and TLS
         * settings apply, so this option cannot be combined with the others. The client must not
         * be configured to add its own {@code Authorization} header.
         *
         * @param httpClient the client
         * @return this builder
         * @throws IllegalArgumentException if {@code httpClient} is {@code null}
         */
        public Builder httpClient(CloseableHttpClient httpClient) {
            settings.callerClient(SessionProperties.requireArgument(httpClient, "httpClient"));
            return this;
        }

        /**
         * Creates the client.
         *
         * @return a new client; close it when done
         * @throws IllegalArgumentException if the URL is not an absolute http(s) URL
         * @throws IllegalStateException if options contradict each other (a caller-supplied
         *         client with transport options, a proxy with the JVM's proxy settings, trust-all
         *         with trusted certificates)
         */
        public OpenVidu build() {
            return new OpenVidu(settings.build());
        }

        private static Duration positive(Duration d, String name) {
            SessionProperties.requireArgument(d, name);
            if (d.isNegative() || d.isZero() || d.toMillis() == 0) {
                throw new IllegalArgumentException(name + " must be at least 1 ms, was " + d);
            }
            return d;
        }

        /**
         * The URL and the options set, never the secret.
         *
         * @return a description
         */
        @Override
        public String toString() {
            return "OpenVidu.Builder[url=" + settings.url() + ", secret=****]";
        }
    }
}
