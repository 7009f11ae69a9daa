package io.openvidu.java.client.internal;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.HttpHost;

/**
 * Everything {@link io.openvidu.java.client.OpenVidu.Builder} collected, handed to
 * {@link HttpTransport}. Plain mutable holder; not thread-safe, used once.
 */
public final class TransportSettings {

    /** Base URL as given by the caller. */
    public String url;
    /** The secret; never logged. */
    public String secret;
    /** Connect timeout (TCP and TLS). */
    public Duration connectTimeout = Duration.ofSeconds(10);
    /** Time to wait for a response (socket read timeout). */
    public Duration responseTimeout = Duration.ofSeconds(30);
    /** Time to wait for a free connection of the pool. */
    public Duration connectionRequestTimeout = Duration.ofSeconds(30);
    /** Maximum connections of the pool. */
    public int poolSize = 20;
    /** Explicit proxy, or {@code null}. */
    public HttpHost proxy;
    /** Whether to route through the JVM's default {@link java.net.ProxySelector}. */
    public boolean jvmProxySettings;
    /** Caller-owned client, or {@code null}. */
    public CloseableHttpClient callerClient;
    /** Extra certificates to trust. */
    public final List<X509Certificate> trustedCertificates = new ArrayList<>();
    /** Extra trust stores. */
    public final List<KeyStore> trustStores = new ArrayList<>();
    /** Trust every certificate and host name. */
    public boolean trustAll;
}
