package dev.ovstub.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A real webhook endpoint for tests: an HTTP server on a free port of 127.0.0.1 that takes the POSTs of an OpenVidu
 * 2.x webhook, keeps every event it accepted (its JSON, parsed, and its headers) and waits on them without sleeping
 * ({@link #awaitEvent}). It can answer another status than 200 ({@link #answer}, {@link #failNext}) and be stopped and
 * restarted on the same port, to play a failing or dead endpoint.
 *
 * <pre>{@code
 * try (WebhookReceiver webhook = WebhookReceiver.start()) {
 *     // start the server with openvidu.webhook=true, openvidu.webhook.endpoint=webhook.url()
 *     WebhookReceiver.Received ready = webhook.awaitEvent("recordingStatusChanged",
 *             e -> "ready".equals(e.string("status")), Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>JDK types only (its JSON reader is its own), like {@link ControlClient}: integration-tests may load it next to
 * an official client in an isolated class loader.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** The path events are POSTed to; any other path works too. */
    public static final String PATH = "/webhook";

    private final int port;
    private final Object lock = new Object();
    private final List<Received> accepted = new ArrayList<>();
    private int requests;
    private int status = 200;
    private int failuresLeft;
    private int failureStatus;
    private HttpServer server;
    private ExecutorService executor;

    private WebhookReceiver(int port) {
        this.server = listen(port);
        this.port = server.getAddress().getPort();
    }

    /** A receiver on a free port. */
    public static WebhookReceiver start() {
        return new WebhookReceiver(0);
    }

    /**
     * One accepted event.
     *
     * @param event   the {@code "event"} field (null if the body had none)
     * @param json    the body's JSON object: strings, {@code Long} or {@code Double} numbers, booleans, null, lists
     *                and maps
     * @param headers the request's headers, names in lower case
     * @param body    the body as received
     * @param at      when it arrived
     */
    public record Received(String event, Map<String, Object> json, Map<String, List<String>> headers, String body,
                           Instant at) {
        /** A header's first value (any case), or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** A string field, or null (absent or not a string). */
        public String string(String field) {
            return json.get(field) instanceof String s ? s : null;
        }

        /** A number field as a long; an {@link AssertionError} if it is absent or not a number. */
        public long number(String field) {
            if (json.get(field) instanceof Number n) {
                return n.longValue();
            }
            throw new AssertionError("no number '" + field + "' in " + body);
        }

        /** The session the event belongs to. */
        public String sessionId() {
            return string("sessionId");
        }

        @Override
        public String toString() {
            return body;
        }
    }

    /** The URL to configure as {@code openvidu.webhook.endpoint}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port + PATH);
    }

    /** The port it listens on (kept across {@link #stop()} and {@link #restart()}). */
    public int port() {
        return port;
    }

    /** Every event answered 200 so far, in arrival order. */
    public List<Received> events() {
        synchronized (lock) {
            return List.copyOf(accepted);
        }
    }

    /** The accepted events of one name, in arrival order. */
    public List<Received> events(String event) {
        return events().stream().filter(e -> event.equals(e.event())).collect(Collectors.toUnmodifiableList());
    }

    /** Every request received, whatever it was answered (retries included). */
    public int requests() {
        synchronized (lock) {
            return requests;
        }
    }

    /** Forgets the events and requests received so far. */
    public void clear() {
        synchronized (lock) {
            accepted.clear();
            requests = 0;
        }
    }

    /** Answers every later request with {@code status} (200 accepts; anything else refuses, and the event is not kept). */
    public void answer(int status) {
        synchronized (lock) {
            this.status = status;
        }
    }

    /** Answers the next {@code count} requests with {@code status}, then as {@link #answer} says. */
    public void failNext(int count, int status) {
        synchronized (lock) {
            this.failuresLeft = count;
            this.failureStatus = status;
        }
    }

    /** Waits for an accepted event that matches and returns the first one. */
    public Received awaitEvent(Predicate<Received> match, Duration timeout) {
        return Await.until("a webhook event matching the condition (received: " + PATH + ")",
                () -> events().stream().filter(match).findFirst().orElse(null), e -> e != null, timeout);
    }

    /** Waits for an accepted event of this name that matches and returns the first one. */
    public Received awaitEvent(String event, Predicate<Received> match, Duration timeout) {
        return Await.until("a webhook event '" + event + "' matching the condition",
                () -> events(event).stream().filter(match).findFirst().orElse(null), e -> e != null, timeout);
    }

    /** Waits for an accepted event of this name and returns the first one. */
    public Received awaitEvent(String event, Duration timeout) {
        return awaitEvent(event, e -> true, timeout);
    }

    /** Waits until at least {@code count} events were accepted and returns them all. */
    public List<Received> awaitEvents(int count, Duration timeout) {
        return Await.until(count + " webhook events", this::events, list -> list.size() >= count, timeout);
    }

    /** Closes the port: connections are refused, as by a dead endpoint, until {@link #restart()}. */
    public void stop() {
        synchronized (lock) {
            if (server != null) {
                server.stop(0);
                executor.shutdownNow();
                server = null;
            }
        }
    }

    /** Listens again on the same port after {@link #stop()}. */
    public void restart() {
        synchronized (lock) {
            if (server == null) {
                server = listen(port);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private HttpServer listen(int onPort) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "webhook-receiver");
                t.setDaemon(true);
                return t;
            });
            s.setExecutor(executor);
            s.createContext("/", this::handle);
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + onPort, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int answer;
            synchronized (lock) {
                requests++;
                if (failuresLeft > 0) {
                    failuresLeft--;
                    answer = failureStatus;
                } else {
                    answer = status;
                }
                if (answer == 200 && "POST".equals(exchange.getRequestMethod())) {
                    Map<String, List<String>> headers = new TreeMap<>();
                    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
                    Map<String, Object> json = parseObject(body);
                    Object event = json.get("event");
                    accepted.add(new Received(event instanceof String s ? s : null, json,
                            Collections.unmodifiableMap(headers), body, Instant.now()));
                }
            }
            exchange.sendResponseHeaders(answer, -1);
        } finally {
            exchange.close();
        }
    }

    private static Map<String, Object> parseObject(String body) {
        try {
            Object value = new Reader(body).document();
            if (value instanceof Map<?, ?>) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) value;
                return map;
            }
        } catch (IllegalArgumentException e) {
            // kept below as an empty object: the test sees the body
        }
        return Map.of();
    }

    /** A small JSON reader: objects (in order), arrays, strings, numbers, booleans, null. */
    static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        Object document() {
            Object value = value();
            space();
            if (pos != text.length()) {
                throw new IllegalArgumentException("text after the JSON value at " + pos);
            }
            return value;
        }

        private Object value() {
            space();
            if (pos >= text.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            char c = text.charAt(pos);
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                default: return number();
            }
        }

        private Map<String, Object> object() {
            pos++;
            Map<String, Object> map = new LinkedHashMap<>();
            space();
            if (peek() == '}') {
                pos++;
                return Collections.unmodifiableMap(map);
            }
            while (true) {
                space();
                if (peek() != '"') {
                    throw new IllegalArgumentException("expected a key at " + pos);
                }
                String key = string();
                space();
                if (peek() != ':') {
                    throw new IllegalArgumentException("expected ':' at " + pos);
                }
                pos++;
                map.put(key, value());
                space();
                char c = peek();
                pos++;
                if (c == '}') {
                    return Collections.unmodifiableMap(map);
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected ',' or '}' at " + (pos - 1));
                }
            }
        }

        private List<Object> array() {
            pos++;
            List<Object> list = new ArrayList<>();
            space();
            if (peek() == ']') {
                pos++;
                return Collections.unmodifiableList(list);
            }
            while (true) {
                list.add(value());
                space();
                char c = peek();
                pos++;
                if (c == ']') {
                    return Collections.unmodifiableList(list);
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected ',' or ']' at " + (pos - 1));
                }
            }
        }

        private String string() {
            pos++;
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = peek();
                pos++;
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = peek();
                pos++;
                switch (e) {
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'n': out.append('\n'); break;
                    case 'r': out.append('\r'); break;
                    case 't': out.append('\t'); break;
                    case 'u':
                        if (pos + 4 > text.length()) {
                            throw new IllegalArgumentException("bad \\u escape at " + pos);
                        }
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                        break;
                    default: out.append(e);
                }
            }
        }

        private Object number() {
            int start = pos;
            boolean fraction = false;
            while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
                fraction |= "eE.".indexOf(text.charAt(pos)) >= 0;
                pos++;
            }
            String n = text.substring(start, pos);
            if (n.isEmpty()) {
                throw new IllegalArgumentException("unexpected character at " + pos);
            }
            try {
                return fraction ? (Object) Double.parseDouble(n) : (Object) Long.parseLong(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad number '" + n + "' at " + start);
            }
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, pos)) {
                throw new IllegalArgumentException("unexpected text at " + pos);
            }
            pos += word.length();
            return value;
        }

        private char peek() {
            if (pos >= text.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            return text.charAt(pos);
        }

        private void space() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }
    }
}
