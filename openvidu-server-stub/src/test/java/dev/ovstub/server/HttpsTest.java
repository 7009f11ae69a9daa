package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/** {@code https(true)}: TLS with a self-signed certificate for localhost, wss:// session ids. */
class HttpsTest extends StubTestSupport {
    /** Trusts any server, for these tests only, and remembers the chain it was shown. */
    private final AtomicReference<X509Certificate[]> seen = new AtomicReference<>();

    private HttpClient trustingClient() throws Exception {
        // A plain X509TrustManager: the JDK still checks the host name against the certificate's SAN.
        X509TrustManager trustAll = new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { seen.set(chain); }
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        };
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private OpenViduServerStub httpsServer() {
        return closeLater(OpenViduServerStub.builder().https(true).start());
    }

    @Test
    void anHttpsServerAnswersOverTlsAndItsSessionIdsAreWss() throws Exception {
        OpenViduServerStub server = httpsServer();
        Api api = new Api(server.baseUrl(), Api.basic("OPENVIDUAPP", server.secret()), trustingClient());

        assertThat(server.baseUrl().toString()).isEqualTo("https://localhost:" + server.port());
        String session = api.createSession();

        assertThat(session).matches("wss://localhost:" + server.port() + "/[a-z0-9]{16}");
        assertThat(api.token(session, "PUBLISHER")).matches("[a-z0-9]{16}");
        assertThat(api.anonymous().get("/api/recordings").status()).isEqualTo(401);
        assertThat(server.sessionIdFor("room")).isEqualTo("wss://localhost:" + server.port() + "/room");
    }

    @Test
    void theCertificateIsSelfSignedForLocalhostWithSubjectAlternativeNames() throws Exception {
        OpenViduServerStub server = httpsServer();
        Api api = new Api(server.baseUrl(), Api.basic("OPENVIDUAPP", server.secret()), trustingClient());

        assertThat(api.post("/api/sessions", null).status()).isEqualTo(200);

        X509Certificate cert = seen.get()[0];
        assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
        cert.verify(cert.getPublicKey());
        cert.checkValidity();
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        List<String> names = new ArrayList<>();
        sans.forEach(san -> names.add(san.get(0) + ":" + san.get(1)));
        assertThat(names).contains("2:localhost", "7:127.0.0.1");
        assertThat(cert.getSubjectX500Principal().getName()).contains("CN=localhost");
    }

    @Test
    void theHostNameIsCheckedAgainstTheCertificate() throws Exception {
        // Connecting to 127.0.0.1 by address also matches the certificate (IP SAN); the JDK would refuse otherwise.
        OpenViduServerStub server = httpsServer();
        HttpClient client = trustingClient();
        HttpRequest req = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/api/sessions"))
                .header("Authorization", Api.basic("OPENVIDUAPP", server.secret()))
                .POST(HttpRequest.BodyPublishers.noBody()).build();

        assertThat(client.send(req, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void theSelfSignedCertificateIsNotTrustedByDefault() {
        OpenViduServerStub server = httpsServer();
        HttpClient defaultClient = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/sessions"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();

        assertThatThrownBy(() -> defaultClient.send(req, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e instanceof SSLHandshakeException || e.getCause() instanceof SSLHandshakeException
                        || String.valueOf(e.getMessage()).contains("PKIX")).isTrue());
    }

    @Test
    void plainHttpIsNotAnsweredOnAnHttpsPort() throws Exception {
        OpenViduServerStub server = httpsServer();
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/api/sessions"))
                .timeout(Duration.ofSeconds(5)).header("Authorization", Api.basic("OPENVIDUAPP", server.secret()))
                .POST(HttpRequest.BodyPublishers.noBody()).build();

        int status;
        try {
            status = plain.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            status = -1;
        }
        assertThat(status).isNotEqualTo(200);
    }

    @Test
    void aRecordingServerOverHttpsGivesItsRecorderAnHttpsLayoutUrlAndHttpsFileUrls() throws Exception {
        OpenViduServerStub server = recordingServer(b -> b.https(true).freeAccess(true));
        Api api = new Api(server.baseUrl(), Api.basic("OPENVIDUAPP", server.secret()), trustingClient());
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();

        String url = api.stop(id).get("url").asText();

        assertThat(recorders.launches().get(0).layoutUrl()).startsWith("https://OPENVIDUAPP:MY_SECRET@127.0.0.1:" + server.port() + "/#/");
        assertThat(url).isEqualTo("https://localhost:" + server.port() + "/recordings/" + id + ".mp4");
        assertThat(api.anonymous().get("/recordings/" + id + ".mp4").status()).isEqualTo(200);
    }
}
