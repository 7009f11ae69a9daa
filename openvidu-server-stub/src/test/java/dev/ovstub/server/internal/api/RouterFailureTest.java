package dev.ovstub.server.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A route that fails unexpectedly: the caller gets a 500 that names an incident, never the exception itself. */
class RouterFailureTest {
    private Server server;
    private int port;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Router router = new Router("s3cr3t", false, new Faults());
        router.add("GET", "/api/boom", ex -> {
            throw new IllegalStateException("db password=hunter2 at /srv/internal/path");
        });
        router.add("GET", "/stub/boom", ex -> {
            throw new NumberFormatException("For input string: \"99999999999999999999\"");
        });
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(router);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("OPENVIDUAPP:s3cr3t".getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anUnexpectedFailureAnswers500WithAnIncidentIdAndNoExceptionText() throws Exception {
        for (String path : new String[] {"/api/boom", "/stub/boom"}) {
            HttpResponse<String> r = get(path);

            assertThat(r.statusCode()).as(path).isEqualTo(500);
            String reason = r.headers().firstValue(ErrorHeader.NAME).orElseThrow();
            assertThat(reason).as(path).containsPattern("incident [0-9a-f]{8,}");
            for (String text : new String[] {reason, r.body()}) {
                assertThat(text).as(path)
                        .doesNotContain("Exception")
                        .doesNotContain("hunter2")
                        .doesNotContain("/srv/internal")
                        .doesNotContain("99999999999999999999");
            }
        }
    }

    @Test
    void twoFailuresGetDifferentIncidentIds() throws Exception {
        String first = get("/api/boom").headers().firstValue(ErrorHeader.NAME).orElseThrow();
        String second = get("/api/boom").headers().firstValue(ErrorHeader.NAME).orElseThrow();

        assertThat(first).isNotEqualTo(second);
    }
}
