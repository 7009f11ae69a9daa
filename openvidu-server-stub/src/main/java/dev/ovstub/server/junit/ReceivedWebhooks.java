package dev.ovstub.server.junit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The webhook events the stub server sent during a test: a real HTTP endpoint on a free local port that the
 * extension makes the server's {@code openvidu.webhook.endpoint} ({@code @OpenViduStubTest(webhook = true)}). It
 * answers every POST 200 and keeps the events in arrival order; it is emptied before each test. Events of the test
 * before may still arrive while the next one starts: match on your session's id.
 *
 * <pre>{@code
 * @OpenViduStubTest(recording = true, webhook = true)
 * class WebhookTest {
 *     @Test
 *     void myBackendIsToldWhenTheRecordingIsReady(ReceivedWebhooks webhooks) {
 *         // ... record through your backend ...
 *         ReceivedWebhooks.Event ready = webhooks.await("recordingStatusChanged",
 *                 e -> "ready".equals(e.string("status")), Duration.ofSeconds(10));
 *     }
 * }
 * }</pre>
 */
public final class ReceivedWebhooks implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_MILLIS = 10;

    /**
     * One received event.
     *
     * @param name      its {@code event} field, e.g. {@code recordingStatusChanged}
     * @param sessionId its {@code sessionId}
     * @param json      the whole body: strings, numbers, booleans, nulls, lists and maps
     * @param headers   the request's headers, names in lower case
     */
    public record Event(String name, String sessionId, Map<String, Object> json, Map<String, String> headers) {
        /** A field's value as a string, or null when it is absent, null or not a string. */
        public String string(String field) {
            return json.get(field) instanceof String s ? s : null;
        }
    }

    private final Server server;
    private final URI url;
    private final List<Event> events = new ArrayList<>();

    private ReceivedWebhooks(Server server, URI url) {
        this.server = server;
        this.url = url;
    }

    /** Starts an endpoint on a free port of the loopback interface. */
    static ReceivedWebhooks start() {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ReceivedWebhooks[] self = new ReceivedWebhooks[1];
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                self[0].receive(request);
                response.setStatus(200);
                response.write(true, ByteBuffer.allocate(0), callback);
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the webhook endpoint: " + e.getMessage(), e);
        }
        URI url = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/webhook");
        self[0] = new ReceivedWebhooks(server, url);
        return self[0];
    }

    private void receive(Request request) throws Exception {
        String body = new String(org.eclipse.jetty.io.Content.Source.asInputStream(request).readAllBytes(),
                StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.put(field.getName().toLowerCase(Locale.ROOT), field.getValue());
        }
        Map<String, Object> json;
        try {
            json = JSON.readValue(body.getBytes(StandardCharsets.UTF_8), new TypeReference<Map<String, Object>>() { });
        } catch (java.io.IOException notAnObject) {
            json = Map.of("body", body);
        }
        Event event = new Event(json.get("event") instanceof String s ? s : null,
                json.get("sessionId") instanceof String s ? s : null, json, headers);
        synchronized (events) {
            events.add(event);
        }
    }

    /** Where the server posts its events. */
    public URI url() {
        return url;
    }

    /** Every event received, oldest first. */
    public List<Event> all() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The events of one name, oldest first. */
    public List<Event> named(String event) {
        return all().stream().filter(e -> event.equals(e.name())).toList();
    }

    /** Waits for an event of this name. */
    public Event await(String event, Duration timeout) {
        return await(event, e -> true, timeout);
    }

    /**
     * Waits for the first event of this name that {@code match} accepts (received before or during the wait).
     *
     * @throws AssertionError after {@code timeout}, listing what was received
     */
    public Event await(String event, Predicate<Event> match, Duration timeout) {
        Objects.requireNonNull(event, "event");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Event e : named(event)) {
                if (match.test(e)) {
                    return e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching '" + event + "' webhook event within " + timeout.toMillis()
                        + " ms; received: " + all().stream().map(e -> e.name() + "(" + e.sessionId() + ")").toList());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for a '" + event + "' webhook event", e);
            }
        }
    }

    /** Forgets what was received (done before each test). */
    public void clear() {
        synchronized (events) {
            events.clear();
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // best effort
        }
    }
}
