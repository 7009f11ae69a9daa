package dev.ovstub.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The build's class-data-sharing training run (see {@link Main#TRAINING_PROPERTY}): the requests a first user of
 * the runnable jar sends (a session, a token, a refused call), over the server's own scheme, trusting exactly its
 * certificate. What they load is what the archive holds.
 */
final class StartupTraining {
    private static final Logger LOG = LoggerFactory.getLogger(StartupTraining.class);

    private StartupTraining() {}

    /** Sends the requests and closes the server; returns the process exit code (0: all answered as expected). */
    static int run(OpenViduServerStub server) {
        try (server) {
            String session = call(server, "POST", "/api/sessions", "{}", 200);
            String id = session.replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
            call(server, "POST", "/api/tokens", "{\"session\":\"" + id + "\",\"role\":\"PUBLISHER\",\"data\":\"\"}", 200);
            call(server, "POST", "/api/sessions", "{\"archiveMode\":", 400);
            call(server, "GET", "/api/recordings", null, server.recordingEnabled() ? 200 : 501);
            LOG.info("Start-up training done");
            return 0;
        } catch (Exception e) {
            LOG.error("Start-up training failed: {}", e.toString());
            return 1;
        }
    }

    private static String call(OpenViduServerStub server, String method, String path, String body, int expected)
            throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(server.baseUrl() + path).openConnection();
        if (c instanceof HttpsURLConnection && server.certificate().isPresent()) {
            HttpsURLConnection https = (HttpsURLConnection) c;
            https.setSSLSocketFactory(trusting(server.certificate().get()).getSocketFactory());
            https.setHostnameVerifier((host, session) -> "localhost".equals(host));
        }
        c.setRequestMethod(method);
        c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                ("OPENVIDUAPP:" + server.secret()).getBytes(StandardCharsets.UTF_8)));
        if (body != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = c.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = c.getResponseCode();
        String answer;
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (status != expected) {
            throw new IOException(method + " " + path + " answered " + status + ", expected " + expected);
        }
        return answer;
    }

    private static SSLContext trusting(X509Certificate certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("server", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
