package dev.ovstub.server.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A reverse proxy that serves a server under a base path, as one in front of a real OpenVidu does with
 * {@code openvidu.publicurl=https://host/<prefix>/}: {@code /<prefix>/x} is forwarded as {@code /x}; anything
 * else is a 404 and is remembered, so a test can tell a page used a URL outside its base path. Bodies are
 * buffered whole (test-sized).
 */
final class PrefixProxy implements AutoCloseable {
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "transfer-encoding",
            "upgrade", "expect", "keep-alive", "te", "trailer", "proxy-connection");

    private final String prefix;
    private final Server jetty = new Server();
    private final ServerConnector connector = new ServerConnector(jetty);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> outside = new CopyOnWriteArrayList<>();
    private volatile String target;

    /** @param prefix the base path, e.g. {@code /ovbase} */
    PrefixProxy(String prefix) throws Exception {
        this.prefix = prefix;
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                forward(request, response, callback);
                return true;
            }
        });
        jetty.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    /** The proxy's own base URL with the prefix and a trailing slash: what openvidu.publicurl says. */
    String publicUrl() {
        return "http://127.0.0.1:" + port() + prefix + "/";
    }

    /** Where requests go, e.g. {@code http://127.0.0.1:1234}. */
    void target(String baseUrl) {
        this.target = baseUrl;
    }

    /** Paths asked for outside the base path. */
    List<String> outsideRequests() {
        return List.copyOf(outside);
    }

    private void forward(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        String query = request.getHttpURI().getQuery();
        if (!path.startsWith(prefix + "/")) {
            outside.add(request.getMethod() + " " + path);
            response.setStatus(404);
            response.write(true, ByteBuffer.wrap(("outside the base path " + prefix + "/").getBytes(StandardCharsets.UTF_8)), callback);
            return;
        }
        String rest = path.substring(prefix.length()) + (query == null ? "" : "?" + query);
        byte[] body = Content.Source.asInputStream(request).readAllBytes();
        HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(target + rest)).timeout(Duration.ofSeconds(30))
                .method(request.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (HttpField field : request.getHeaders()) {
            if (!NOT_FORWARDED.contains(field.getName().toLowerCase(Locale.ROOT))) {
                out.header(field.getName(), field.getValue());
            }
        }
        HttpResponse<byte[]> answer = client.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.setStatus(answer.statusCode());
        HttpHeaders headers = answer.headers();
        headers.map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(v -> response.getHeaders().add(name, v));
            }
        });
        response.getHeaders().put("Content-Length", answer.body().length);
        response.write(true, "HEAD".equals(request.getMethod()) ? null : ByteBuffer.wrap(answer.body()), callback);
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
