package dev.ovstub.bench.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The floor: the same requests written by hand on a pooled HttpClient 5 (same pool size as our client), a
 * pre-built Basic header, bodies by string concatenation, answers read with Jackson's tree model. No error
 * mapping, no validation, no logging.
 */
final class BareApi implements Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClientResponseHandler<JsonNode> READ = BareApi::read;

    private final CloseableHttpClient client;
    private final String base;
    private final String authorization;

    BareApi(String baseUrl, String secret) {
        base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        authorization = "Basic " + Base64.getEncoder().encodeToString(("OPENVIDUAPP:" + secret).getBytes(StandardCharsets.UTF_8));
        client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(20).setMaxConnPerRoute(20).build())
                .build();
    }

    private static JsonNode read(ClassicHttpResponse r) throws IOException {
        byte[] body = r.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(r.getEntity());
        if (r.getCode() / 100 != 2) {
            throw new IOException(r.getCode() + " " + new String(body, StandardCharsets.UTF_8));
        }
        return body.length == 0 ? null : JSON.readTree(body);
    }

    private JsonNode call(String method, String path, String json) {
        HttpUriRequestBase request = new HttpUriRequestBase(method, java.net.URI.create(base + path));
        request.setHeader("Authorization", authorization);
        if (json != null) {
            request.setEntity(new ByteArrayEntity(json.getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON));
        }
        try {
            return client.execute(request, READ);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        }
    }

    @Override
    public String sessionAndToken() {
        String id = call("POST", "/api/sessions",
                "{\"archiveMode\":\"MANUAL\",\"archiveLayout\":\"BEST_FIT\",\"mediaMode\":\"ROUTED\"}").get("id").asText();
        return call("POST", "/api/tokens", "{\"session\":\"" + id + "\",\"role\":\"PUBLISHER\",\"data\":\"\"}")
                .get("token").asText();
    }

    @Override
    public String startRecording(String sessionId) {
        return call("POST", "/api/recordings/start", "{\"session\":\"" + sessionId + "\"}").get("id").asText();
    }

    @Override
    public String stopRecording(String recordingId) {
        return call("POST", "/api/recordings/stop/" + recordingId, null).get("status").asText();
    }

    @Override
    public String getRecording(String recordingId) {
        return call("GET", "/api/recordings/" + recordingId, null).get("status").asText();
    }

    @Override
    public void deleteRecording(String recordingId) {
        call("DELETE", "/api/recordings/" + recordingId, null);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
