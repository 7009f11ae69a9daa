package io.openvidu.java.client;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * HTTPS against WireMock. {@code localhost.p12} is a self-signed certificate for {@code localhost}
 * and {@code 127.0.0.1} (like an OpenVidu server's own certificate); the second server uses
 * WireMock's built-in certificate, which names another host.
 */
class TlsTest {

    private static WireMockServer selfSigned;
    private static WireMockServer wrongName;
    private static X509Certificate localhostCert;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = Path.of(TlsTest.class.getResource("/tls/localhost.p12").toURI());
        selfSigned = new WireMockServer(wireMockConfig().httpDisabled(true).dynamicHttpsPort()
                .keystorePath(keystore.toString()).keystoreType("PKCS12").keystorePassword("changeit")
                .keyManagerPassword("changeit"));
        selfSigned.start();
        wrongName = new WireMockServer(wireMockConfig().httpDisabled(true).dynamicHttpsPort());
        wrongName.start();
        for (WireMockServer s : new WireMockServer[] {selfSigned, wrongName}) {
            s.stubFor(get("/api/recordings").willReturn(okJson("{\"count\":0,\"items\":[]}")));
        }
        try (InputStream in = TlsTest.class.getResourceAsStream("/tls/localhost.crt")) {
            localhostCert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @AfterAll
    static void stop() {
        selfSigned.stop();
        wrongName.stop();
    }

    private static String url(WireMockServer s) {
        return "https://localhost:" + s.httpsPort() + "/";
    }

    @Test
    void aSelfSignedCertificateIsRejectedByDefault() {
        selfSigned.resetRequests();
        try (OpenVidu ov = new OpenVidu(url(selfSigned), "MY_SECRET")) {
            OpenViduTransportException e = catchThrowableOfType(OpenViduTransportException.class, ov::listRecordings);

            assertThat(e.getCause()).isInstanceOf(SSLException.class);
            assertThat(e).hasMessageContaining("TLS handshake failed").hasMessageContaining("trustCertificate");
            assertThat(selfSigned.getAllServeEvents()).isEmpty();
        }
    }

    @Test
    void aSelfSignedCertificateIsAcceptedOnceTrusted() {
        try (OpenVidu ov = OpenVidu.builder(url(selfSigned), "MY_SECRET").trustCertificate(localhostCert).build()) {
            assertThat(ov.listRecordings()).isEmpty();
        }
    }

    @Test
    void aSelfSignedCertificateIsAcceptedFromATrustStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = TlsTest.class.getResourceAsStream("/tls/localhost.p12")) {
            store.load(in, "changeit".toCharArray());
        }
        try (OpenVidu ov = OpenVidu.builder(url(selfSigned), "MY_SECRET").trustStore(store).build()) {
            assertThat(ov.listRecordings()).isEmpty();
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsStillRejected() {
        try (OpenVidu ov = OpenVidu.builder(url(wrongName), "MY_SECRET").trustCertificate(localhostCert).build()) {
            catchThrowableOfType(OpenViduTransportException.class, ov::listRecordings);
        }
        X509Certificate wireMocksOwn = serverCertificate(wrongName);
        try (OpenVidu ov = OpenVidu.builder(url(wrongName), "MY_SECRET").trustCertificate(wireMocksOwn).build()) {
            OpenViduTransportException e = catchThrowableOfType(OpenViduTransportException.class, ov::listRecordings);
            assertThat(e.getCause()).isInstanceOf(SSLException.class);
            assertThat(e).hasMessageContaining("localhost");
        }
    }

    @Test
    void trustAllAcceptsAnyCertificateAndHostName() {
        for (WireMockServer s : new WireMockServer[] {selfSigned, wrongName}) {
            try (OpenVidu ov = OpenVidu.builder(url(s), "MY_SECRET")
                    .insecureTrustAllCertificatesForLocalDevelopmentOnly().build()) {
                assertThat(ov.listRecordings()).isEmpty();
            }
        }
    }

    @Test
    void trustAllCannotBeCombinedWithTrustedCertificates() {
        catchThrowableOfType(IllegalStateException.class, () -> OpenVidu.builder(url(selfSigned), "MY_SECRET")
                .trustCertificate(localhostCert).insecureTrustAllCertificatesForLocalDevelopmentOnly().build());
    }

    /** Reads the certificate a server presents, with a trust-all handshake. */
    private static X509Certificate serverCertificate(WireMockServer s) {
        try {
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] c, String a) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] c, String a) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) ctx.getSocketFactory()
                    .createSocket("localhost", s.httpsPort())) {
                socket.startHandshake();
                return (X509Certificate) socket.getSession().getPeerCertificates()[0];
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
