package io.openvidu.java.client.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.impl.EnglishReasonPhraseCatalog;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.openvidu.java.client.OpenViduAuthenticationException;
import io.openvidu.java.client.OpenViduBadRequestException;
import io.openvidu.java.client.OpenViduConflictException;
import io.openvidu.java.client.OpenViduException;
import io.openvidu.java.client.OpenViduHttpException;
import io.openvidu.java.client.OpenViduNotFoundException;
import io.openvidu.java.client.OpenViduResponseException;
import io.openvidu.java.client.OpenViduServerErrorException;
import io.openvidu.java.client.OpenViduTimeoutException;
import io.openvidu.java.client.OpenViduTransportException;
import io.openvidu.java.client.RequestLine;

/**
 * Sends calls to the server over one HttpClient 5 and turns every outcome into a value or a
 * typed {@link OpenViduException}. Thread-safe.
 *
 * <p>Responses are read inside a response handler ({@code HttpClient.execute(request, handler)}),
 * which consumes and releases every response, success or failure, so connections cannot leak.
 * Credentials are sent pre-emptively on every request; HttpClient's own authentication (challenge
 * and retry) is switched off, so a 401 is reported, never retried. Automatic retries and redirects
 * are off: a POST is sent at most once.
 */
public final class HttpTransport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.openvidu.java.client.OpenVidu");

    /** Error bodies are kept up to this many bytes. */
    static final int MAX_ERROR_BODY = 64 * 1024;
    /** Success bodies larger than this are refused (a list of a hundred thousand recordings fits). */
    static final int MAX_SUCCESS_BODY = 64 * 1024 * 1024;

    private static final String USER = "OPENVIDUAPP";

    private final String baseUrl;
    private final String basePath;
    private final String authorization;
    private final CloseableHttpClient client;
    private final boolean ownsClient;
    private final PoolingHttpClientConnectionManager pool;
    private final RequestConfig requestConfig;
    private final TransportSettings settings;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A response read in full by the handler. */
    public static final class Response {
        private final int status;
        private final String reason;
        private final String mimeType;
        private final byte[] body;
        private final String errorHeader;

        Response(int status, String reason, String mimeType, byte[] body, String errorHeader) {
            this.status = status;
            this.reason = reason;
            this.mimeType = mimeType;
            this.body = body;
            this.errorHeader = errorHeader;
        }

        /** @return the HTTP status */
        public int status() {
            return status;
        }

        /** @return the body bytes, possibly empty */
        public byte[] body() {
            return body;
        }
    }

    /**
     * Reads a success response.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    public interface ResponseParser<T> {
        /**
         * Parses a 2xx response.
         *
         * @param response the response
         * @return the result
         * @throws BadResponseException if the body cannot be understood
         */
        T parse(Response response) throws BadResponseException;
    }

    /**
     * Creates the transport, and its pooled client unless the settings carry the caller's own.
     *
     * @param settings the options
     * @throws IllegalArgumentException if the URL is not an absolute http(s) URL
     */
    public HttpTransport(TransportSettings settings) {
        this.settings = settings;
        URI uri = parseBaseUrl(settings.url());
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        this.basePath = path;
        this.baseUrl = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + path;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((USER + ":" + settings.secret()).getBytes(StandardCharsets.UTF_8));
        if (settings.callerClient() != null) {
            this.client = settings.callerClient();
            this.ownsClient = false;
            this.pool = null;
            this.requestConfig = null;
        } else {
            if (settings.trustAll()) {
                LOG.warn("TLS certificate and host name verification are DISABLED for {} "
                        + "(insecureTrustAllCertificatesForLocalDevelopmentOnly). Anyone on the network path "
                        + "can read the secret and the traffic. Never use this outside local development.",
                        baseUrl);
            }
            this.pool = PoolingHttpClientConnectionManagerBuilder.create()
                    .setTlsSocketStrategy(TlsSupport.strategy(settings))
                    .setMaxConnTotal(settings.poolSize())
                    .setMaxConnPerRoute(settings.poolSize())
                    .setDefaultConnectionConfig(ConnectionConfig.custom()
                            .setConnectTimeout(timeout(settings.connectTimeout()))
                            .setSocketTimeout(timeout(settings.responseTimeout()))
                            .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                            .build())
                    .build();
            this.requestConfig = RequestConfig.custom()
                    .setResponseTimeout(timeout(settings.responseTimeout()))
                    .setConnectionRequestTimeout(timeout(settings.connectionRequestTimeout()))
                    .setAuthenticationEnabled(false)
                    .setRedirectsEnabled(false)
                    .build();
            HttpClientBuilder b = HttpClientBuilder.create()
                    .setConnectionManager(pool)
                    .setDefaultRequestConfig(requestConfig)
                    .disableAutomaticRetries()
                    .disableRedirectHandling()
                    .disableCookieManagement()
                    .disableAuthCaching()
                    .evictExpiredConnections()
                    .evictIdleConnections(TimeValue.ofSeconds(30))
                    .setUserAgent("openvidu-java-client (dev.ovstub)");
            if (settings.proxy() != null) {
                b.setProxy(settings.proxy());
            } else if (settings.jvmProxySettings()) {
                b.setRoutePlanner(new SystemDefaultRoutePlanner(ProxySelector.getDefault()));
            }
            this.client = b.build();
            this.ownsClient = true;
        }
    }

    private static Timeout timeout(Duration d) {
        return Timeout.ofMilliseconds(d.toMillis());
    }

    private static URI parseBaseUrl(String url) {
        if (url == null || url.trim().isEmpty()) {
            throw new IllegalArgumentException("url must not be null or empty");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a valid URL: " + url, e);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("url must be an absolute http:// or https:// URL, was: " + url);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("url must not have a query or fragment: " + url);
        }
        return uri;
    }

    /**
     * The base URL, normalised (no trailing slash).
     *
     * @return e.g. {@code https://localhost:4443}
     */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Statistics of the pool this transport owns.
     *
     * @return the totals, or {@code null} when the client is the caller's
     */
    public PoolStats poolStats() {
        return pool == null ? null : pool.getTotalStats();
    }

    /**
     * Sends a call and parses its success response.
     *
     * @param <T> the result type
     * @param call the call
     * @param parser reads a 2xx response
     * @return the parsed result
     * @throws OpenViduException (a subclass) on any failure
     * @throws IllegalStateException if this transport is closed
     */
    public <T> T execute(Call call, ResponseParser<T> parser) {
        if (closed.get()) {
            throw new IllegalStateException("this OpenVidu client is closed");
        }
        RequestLine requestLine = RequestLine.of(call.method(), basePath + call.apiPath());
        HttpUriRequestBase request = new HttpUriRequestBase(call.method(), URI.create(baseUrl + call.apiPath()));
        request.setHeader(HttpHeaders.AUTHORIZATION, authorization);
        request.setHeader(HttpHeaders.ACCEPT, "application/json");
        if (call.jsonBody() != null) {
            request.setEntity(new ByteArrayEntity(call.jsonBody(), ContentType.APPLICATION_JSON));
        }
        long start = System.nanoTime();
        Response response;
        try {
            response = client.execute(request, HANDLER);
        } catch (IOException e) {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            LOG.debug("{} failed after {} ms: {}", requestLine, ms, e.toString());
            throw transportFailure(call, requestLine, e);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        LOG.debug("{} -> {} in {} ms", requestLine, response.status, ms);
        if (response.status >= 200 && response.status < 300) {
            try {
                if (response.body.length > MAX_SUCCESS_BODY) {
                    throw new BadResponseException("body larger than " + MAX_SUCCESS_BODY + " bytes", null);
                }
                return parser.parse(response);
            } catch (BadResponseException e) {
                throw new OpenViduResponseException(call.operation().code(),
                        call.label() + ": " + statusLine(response) + " with an unreadable body: " + e.getMessage(),
                        response.status, requestLine, bodyText(response.body, MAX_ERROR_BODY), e.getCause());
            }
        }
        throw httpFailure(call, requestLine, response);
    }

    private static final HttpClientResponseHandler<Response> HANDLER = new HttpClientResponseHandler<Response>() {
        @Override
        public Response handleResponse(ClassicHttpResponse r) throws IOException {
            HttpEntity entity = r.getEntity();
            int status = r.getCode();
            byte[] body = new byte[0];
            String mimeType = null;
            if (entity != null) {
                ContentType ct = ContentType.parseLenient(entity.getContentType());
                mimeType = ct == null ? null : ct.getMimeType();
                boolean ok = status >= 200 && status < 300;
                byte[] read = EntityUtils.toByteArray(entity, ok ? MAX_SUCCESS_BODY + 1 : MAX_ERROR_BODY);
                body = read == null ? new byte[0] : read;
            }
            Header error = r.getFirstHeader(JsonCodec.ERROR_HEADER);
            return new Response(status, r.getReasonPhrase(), mimeType, body, error == null ? null : error.getValue());
        }
    };

    private static String statusLine(Response r) {
        String reason = EnglishReasonPhraseCatalog.INSTANCE.getReason(r.status, Locale.ENGLISH);
        if (reason == null) {
            reason = r.reason == null || r.reason.isEmpty() ? "" : r.reason;
        }
        return reason.isEmpty() ? Integer.toString(r.status) : r.status + " " + reason;
    }

    private static String bodyText(byte[] body, int max) {
        int n = Math.min(body.length, max);
        return new String(body, 0, n, StandardCharsets.UTF_8);
    }

    private static OpenViduHttpException httpFailure(Call call, RequestLine requestLine, Response r) {
        String serverMessage = JsonCodec.serverMessage(r.errorHeader, r.body, r.mimeType);
        String message = call.label() + ": " + statusLine(r) + (serverMessage == null ? "" : ": " + serverMessage);
        OpenViduException.Code code = call.operation().code();
        String body = bodyText(r.body, MAX_ERROR_BODY);
        int s = r.status;
        if (s == 400) {
            return new OpenViduBadRequestException(code, message, s, requestLine, serverMessage, body);
        }
        if (s == 401 || s == 403) {
            return new OpenViduAuthenticationException(code, message, s, requestLine, serverMessage, body);
        }
        if (s == 404) {
            return new OpenViduNotFoundException(code, message, s, requestLine, serverMessage, body);
        }
        if (s == 406 || s == 409) {
            return new OpenViduConflictException(code, message, s, requestLine, serverMessage, body);
        }
        if (s >= 500 && s < 600) {
            return new OpenViduServerErrorException(code, message, s, requestLine, serverMessage, body);
        }
        return new OpenViduHttpException(code, message, s, requestLine, serverMessage, body);
    }

    private OpenViduTransportException transportFailure(Call call, RequestLine requestLine, IOException e) {
        OpenViduException.Code code = call.operation().code();
        String prefix = call.label() + ": " + requestLine + " ";
        boolean own = ownsClient;
        if (e instanceof ConnectTimeoutException) {
            return new OpenViduTimeoutException(code, prefix + "could not connect to " + baseUrl
                    + (own ? " within " + settings.connectTimeout().toMillis() + " ms" : "") + " (connect timeout)",
                    requestLine, OpenViduTimeoutException.Phase.CONNECT, e);
        }
        if (e instanceof ConnectionRequestTimeoutException) {
            return new OpenViduTimeoutException(code, prefix + "found no free pooled connection"
                    + (own ? " within " + settings.connectionRequestTimeout().toMillis() + " ms (pool size "
                            + settings.poolSize() + ")" : "") + " (connection request timeout)",
                    requestLine, OpenViduTimeoutException.Phase.CONNECTION_POOL, e);
        }
        if (e instanceof SocketTimeoutException) {
            return new OpenViduTimeoutException(code, prefix + "got no response"
                    + (own ? " within " + settings.responseTimeout().toMillis() + " ms" : "") + " (response timeout)",
                    requestLine, OpenViduTimeoutException.Phase.RESPONSE, e);
        }
        String why;
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            why = "could not connect to " + baseUrl + ": " + e.getMessage();
        } else if (e instanceof UnknownHostException) {
            why = "unknown host: " + e.getMessage();
        } else if (e instanceof SSLHandshakeException || e instanceof SSLPeerUnverifiedException) {
            why = "TLS handshake failed: " + e.getMessage() + " (the server certificate is not trusted or does not "
                    + "match the host; see OpenVidu.Builder#trustCertificate)";
        } else if (e instanceof SSLException) {
            why = "TLS failure: " + e.getMessage();
        } else {
            why = "failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return new OpenViduTransportException(code, prefix + why, requestLine, e);
    }

    /**
     * Closes the pool and its connections, unless the client is the caller's. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownsClient) {
            client.close(CloseMode.GRACEFUL);
        }
    }
}
