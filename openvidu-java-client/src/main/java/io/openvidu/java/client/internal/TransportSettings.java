package io.openvidu.java.client.internal;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.HttpHost;

/**
 * Everything {@link io.openvidu.java.client.OpenVidu.Builder} collected, handed to {@link HttpTransport}.
 * Immutable: built by a {@link Builder}, whose {@link Builder#build()} also rejects contradicting options.
 * (The caller's HttpClient and key stores are shared, not copied.)
 */
public final class TransportSettings {

    private final String url;
    private final String secret;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Duration connectionRequestTimeout;
    private final int poolSize;
    private final HttpHost proxy;
    private final boolean jvmProxySettings;
    private final CloseableHttpClient callerClient;
    private final List<X509Certificate> trustedCertificates;
    private final List<KeyStore> trustStores;
    private final boolean trustAll;

    private TransportSettings(Builder b) {
        this.url = b.url;
        this.secret = b.secret;
        this.connectTimeout = b.connectTimeout;
        this.responseTimeout = b.responseTimeout;
        this.connectionRequestTimeout = b.connectionRequestTimeout;
        this.poolSize = b.poolSize;
        this.proxy = b.proxy;
        this.jvmProxySettings = b.jvmProxySettings;
        this.callerClient = b.callerClient;
        this.trustedCertificates = List.copyOf(b.trustedCertificates);
        this.trustStores = List.copyOf(b.trustStores);
        this.trustAll = b.trustAll;
    }

    /**
     * Starts building settings with the defaults: connect timeout 10 s, response timeout 30 s,
     * connection-request timeout 30 s, pool of 20, no proxy, the JVM's trust.
     *
     * @param url base URL as given by the caller (checked by {@link HttpTransport})
     * @param secret the secret; never logged
     * @return a builder
     */
    public static Builder builder(String url, String secret) {
        return new Builder(url, secret);
    }

    /** @return the base URL as given by the caller */
    public String url() {
        return url;
    }

    /** @return the secret; never log it */
    public String secret() {
        return secret;
    }

    /** @return the connect timeout (TCP and TLS) */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return the time to wait for a response (socket read timeout) */
    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** @return the time to wait for a free connection of the pool */
    public Duration connectionRequestTimeout() {
        return connectionRequestTimeout;
    }

    /** @return the maximum connections of the pool */
    public int poolSize() {
        return poolSize;
    }

    /** @return the explicit proxy, or {@code null} */
    public HttpHost proxy() {
        return proxy;
    }

    /** @return whether to route through the JVM's default {@link java.net.ProxySelector} */
    public boolean jvmProxySettings() {
        return jvmProxySettings;
    }

    /** @return the caller-owned client, or {@code null} */
    public CloseableHttpClient callerClient() {
        return callerClient;
    }

    /** @return extra certificates to trust (unmodifiable) */
    public List<X509Certificate> trustedCertificates() {
        return trustedCertificates;
    }

    /** @return extra trust stores (unmodifiable) */
    public List<KeyStore> trustStores() {
        return trustStores;
    }

    /** @return whether to trust every certificate and host name */
    public boolean trustAll() {
        return trustAll;
    }

    /**
     * The URL and the options, never the secret.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "TransportSettings[url=" + url + ", secret=****, connectTimeout=" + connectTimeout
                + ", responseTimeout=" + responseTimeout + ", connectionRequestTimeout=" + connectionRequestTimeout
                + ", poolSize=" + poolSize + ", proxy=" + proxy + ", jvmProxySettings=" + jvmProxySettings
                + ", callerClient=" + (callerClient != null) + ", trustedCertificates=" + trustedCertificates.size()
                + ", trustStores=" + trustStores.size() + ", trustAll=" + trustAll + "]";
    }

    /**
     * Collects the options. Not thread-safe; {@link #build()} may be called more than once, each time
     * giving an independent value. Arguments are checked by the public builder; this one checks only
     * how the options combine.
     */
    public static final class Builder {

        private final String url;
        private final String secret;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private Duration connectionRequestTimeout = Duration.ofSeconds(30);
        private int poolSize = 20;
        private HttpHost proxy;
        private boolean jvmProxySettings;
        private CloseableHttpClient callerClient;
        private final List<X509Certificate> trustedCertificates = new ArrayList<>();
        private final List<KeyStore> trustStores = new ArrayList<>();
        private boolean trustAll;
        /** Whether an option that a caller-supplied client makes meaningless was set. */
        private boolean transportOptionSet;

        private Builder(String url, String secret) {
            this.url = url;
            this.secret = secret;
        }

        /** @return the base URL as given */
        public String url() {
            return url;
        }

        /**
         * @param timeout the connect timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            transportOptionSet = true;
            return this;
        }

        /**
         * @param timeout the response timeout
         * @return this builder
         */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = timeout;
            transportOptionSet = true;
            return this;
        }

        /**
         * @param timeout the connection-request timeout
         * @return this builder
         */
        public Builder connectionRequestTimeout(Duration timeout) {
            this.connectionRequestTimeout = timeout;
            transportOptionSet = true;
            return this;
        }

        /**
         * @param size the pool size
         * @return this builder
         */
        public Builder poolSize(int size) {
            this.poolSize = size;
            transportOptionSet = true;
            return this;
        }

        /**
         * @param proxyHost the proxy
         * @return this builder
         */
        public Builder proxy(HttpHost proxyHost) {
            this.proxy = proxyHost;
            transportOptionSet = true;
            return this;
        }

        /**
         * Routes through the JVM's default proxy selector.
         *
         * @return this builder
         */
        public Builder useJvmProxySettings() {
            this.jvmProxySettings = true;
            transportOptionSet = true;
            return this;
        }

        /**
         * @param certificate one more certificate to trust
         * @return this builder
         */
        public Builder trustCertificate(X509Certificate certificate) {
            trustedCertificates.add(certificate);
            transportOptionSet = true;
            return this;
        }

        /**
         * @param store one more trust store
         * @return this builder
         */
        public Builder trustStore(KeyStore store) {
            trustStores.add(store);
            transportOptionSet = true;
            return this;
        }

        /**
         * Trusts every certificate and host name.
         *
         * @return this builder
         */
        public Builder trustAll() {
            this.trustAll = true;
            transportOptionSet = true;
            return this;
        }

        /**
         * @param client the caller's client
         * @return this builder
         */
        public Builder callerClient(CloseableHttpClient client) {
            this.callerClient = client;
            return this;
        }

        /**
         * Creates the immutable settings.
         *
         * @return the settings
         * @throws IllegalStateException if options contradict each other (a caller-supplied client with
         *         transport options, a proxy with the JVM's proxy settings, trust-all with trusted
         *         certificates or stores)
         */
        public TransportSettings build() {
            if (callerClient != null && transportOptionSet) {
                throw new IllegalStateException("httpClient(...) cannot be combined with timeouts, pool size, proxy or "
                        + "TLS options: configure them on the HttpClient you supply");
            }
            if (proxy != null && jvmProxySettings) {
                throw new IllegalStateException("choose either proxy(...) or useJvmProxySettings(), not both");
            }
            if (trustAll && !(trustedCertificates.isEmpty() && trustStores.isEmpty())) {
                throw new IllegalStateException("insecureTrustAllCertificatesForLocalDevelopmentOnly() cannot be "
                        + "combined with trustCertificate(...) or trustStore(...)");
            }
            return new TransportSettings(this);
        }
    }
}
