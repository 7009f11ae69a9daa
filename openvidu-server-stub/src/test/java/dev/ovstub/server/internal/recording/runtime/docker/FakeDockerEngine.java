package dev.ovstub.server.internal.recording.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A Docker Engine API on the JDK's HttpServer, port 0: just the calls the Docker runtime makes, with an in-memory
 * engine behind them. Records every request.
 */
final class FakeDockerEngine implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One request, its path without the {@code /v1.xx} prefix. */
    record Call(String method, String path, Map<String, String> query, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return method + " " + path + (query.isEmpty() ? "" : " " + query);
        }
    }

    final class FakeContainer {
        final String id;
        final String name;
        final JsonNode created;
        final Map<String, String> labels;
        volatile String state = "created";
        final CompletableFuture<Integer> exit = new CompletableFuture<>();

        FakeContainer(String id, String name, JsonNode created, Map<String, String> labels) {
            this.id = id;
            this.name = name;
            this.created = created;
            this.labels = labels;
        }

        void exit(int code) {
            state = "exited";
            exit.complete(code);
        }

        /** The environment it was created with. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            created.path("Env").forEach(n -> {
                String kv = n.asText();
                env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            });
            return env;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-docker");
        t.setDaemon(true);
        return t;
    });
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Map<String, Boolean> images = new ConcurrentHashMap<>();
    final Map<String, FakeContainer> containers = new ConcurrentHashMap<>();
    private final Map<String, String> execs = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** A pull streams this error instead of succeeding. */
    volatile String pullStreamError;
    /** A pull answers this HTTP status and message instead of streaming. */
    volatile int pullHttpStatus;
    volatile String pullHttpMessage;
    /** Containers write their output file when started, as a recorder would. */
    volatile boolean writeOutputOnStart;
    /** How the engine answers a taken name: 409 as Docker, or 500 as Podman 4. */
    volatile int nameConflictStatus = 409;
    /** The recorder obeys the stop command: exits with this code. Null: it ignores it. */
    volatile Integer exitCodeOnStop = 0;
    /** What a container prints (its log stream), from its environment; each element is sent as one frame. */
    volatile java.util.function.Function<Map<String, String>, List<String>> output =
            env -> List.of("recorder " + env.get("VIDEO_NAME") + " says hello\n");
    /** When set, a create call that names a container waits for it before creating anything. */
    volatile java.util.concurrent.CountDownLatch createGate;

    FakeDockerEngine() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("tcp://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Adds a container as if left over by an earlier server (or made by another live server). */
    FakeContainer leftover(String name, Map<String, String> labels, String state) {
        String id = "leftover" + ids.incrementAndGet() + "0123456789abcdef";
        FakeContainer c = new FakeContainer(id, name, JSON.createObjectNode(), labels);
        c.state = state;
        containers.put(id, c);
        return c;
    }

    FakeContainer byName(String name) {
        return containers.values().stream().filter(c -> c.name.equals(name)).findFirst().orElse(null);
    }

    List<Call> calls(String method, String pathPrefix) {
        return calls.stream().filter(c -> c.method.equals(method) && c.path.startsWith(pathPrefix)).collect(Collectors.toList());
    }

    List<String> summary() {
        return calls.stream().map(Call::toString).collect(Collectors.toList());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String rawPath = ex.getRequestURI().getRawPath();
            String path = URLDecoder.decode(rawPath.replaceFirst("^/v1\\.\\d+", ""), StandardCharsets.UTF_8);
            Map<String, String> query = new LinkedHashMap<>();
            String rawQuery = ex.getRequestURI().getRawQuery();
            if (rawQuery != null) {
                for (String kv : rawQuery.split("&")) {
                    int eq = kv.indexOf('=');
                    String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
                    String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                    query.put(k, v);
                }
            }
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Call call = new Call(ex.getRequestMethod(), path, query, body);
            calls.add(call);
            route(ex, call);
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private void route(HttpExchange ex, Call call) throws IOException {
        String m = call.method;
        String p = call.path;
        if (p.equals("/_ping")) {
            send(ex, 200, "text/plain", "OK");
        } else if (m.equals("GET") && p.startsWith("/images/") && p.endsWith("/json")) {
            String ref = p.substring("/images/".length(), p.length() - "/json".length());
            if (images.containsKey(ref)) {
                json(ex, 200, Map.of("Id", "sha256:" + Integer.toHexString(ref.hashCode()), "RepoTags", List.of(ref)));
            } else {
                error(ex, 404, "No such image: " + ref);
            }
        } else if (m.equals("POST") && p.equals("/images/create")) {
            pull(ex, call);
        } else if (m.equals("POST") && p.equals("/containers/create")) {
            create(ex, call);
        } else if (m.equals("GET") && p.equals("/containers/json")) {
            list(ex, call);
        } else if (p.startsWith("/containers/")) {
            String[] parts = p.substring("/containers/".length()).split("/");
            FakeContainer c = find(parts[0]);
            if (c == null) {
                error(ex, 404, "No such container: " + parts[0]);
                return;
            }
            String op = parts.length > 1 ? parts[1] : "";
            switch (m + " " + op) {
                case "POST start" -> {
                    c.state = "running";
                    if (writeOutputOnStart) {
                        writeOutput(c);
                    }
                    send(ex, 204, null, "");
                }
                case "POST wait" -> {
                    Integer code;
                    try {
                        code = c.exit.get(60, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        error(ex, 500, "wait failed: " + e);
                        return;
                    }
                    json(ex, 200, Map.of("StatusCode", code));
                }
                case "POST exec" -> {
                    if (!c.state.equals("running")) {
                        error(ex, 409, "container " + c.id + " is not running");
                        return;
                    }
                    String execId = "exec" + ids.incrementAndGet();
                    execs.put(execId, c.id);
                    json(ex, 201, Map.of("Id", execId));
                }
                case "GET logs" -> {
                    ex.getResponseHeaders().set("Content-Type", "application/vnd.docker.raw-stream");
                    ex.sendResponseHeaders(200, 0);
                    try (OutputStream out = ex.getResponseBody()) {
                        for (String frame : output.apply(c.env())) {
                            byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
                            int n = bytes.length;
                            out.write(new byte[] {1, 0, 0, 0, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
                            out.write(bytes);
                            out.flush();
                        }
                    }
                }
                case "GET json" -> {
                    Map<String, Object> state = new LinkedHashMap<>();
                    state.put("Status", c.state);
                    state.put("Running", c.state.equals("running"));
                    state.put("ExitCode", c.exit.getNow(0));
                    json(ex, 200, Map.of("Id", c.id, "Name", "/" + c.name, "State", state,
                            "Config", Map.of("Labels", c.labels)));
                }
                case "DELETE " -> {
                    containers.remove(c.id);
                    c.state = "removing";
                    c.exit.complete(137);
                    send(ex, 204, null, "");
                }
                default -> error(ex, 404, "fake engine: no route " + m + " " + p);
            }
        } else if (m.equals("POST") && p.startsWith("/exec/") && p.endsWith("/start")) {
            String execId = p.substring("/exec/".length(), p.length() - "/start".length());
            FakeContainer c = containers.get(execs.get(execId));
            Integer code = exitCodeOnStop;
            send(ex, 200, "application/vnd.docker.raw-stream", "");
            if (c != null && code != null) {
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> c.exit(code));
            }
        } else {
            error(ex, 404, "fake engine: no route " + m + " " + p);
        }
    }

    /** Like a recorder: writes {@code <bound folder>/<VIDEO_NAME>.<VIDEO_FORMAT>}. */
    private static void writeOutput(FakeContainer c) throws IOException {
        Map<String, String> env = c.env();
        String bind = c.created.path("HostConfig").path("Binds").get(0).asText();
        java.nio.file.Path folder = java.nio.file.Path.of(bind.substring(0, bind.indexOf(':')));
        java.nio.file.Files.writeString(folder.resolve(env.get("VIDEO_NAME") + "." + env.get("VIDEO_FORMAT")), "not really an mp4");
    }

    private FakeContainer find(String idOrName) {
        FakeContainer c = containers.get(idOrName);
        return c != null ? c : byName(idOrName);
    }

    private void pull(HttpExchange ex, Call call) throws IOException {
        if (pullHttpStatus != 0) {
            error(ex, pullHttpStatus, pullHttpMessage);
            return;
        }
        String ref = call.query.get("fromImage") + ":" + call.query.get("tag");
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            List<Map<String, Object>> items = new ArrayList<>();
            items.add(Map.of("status", "Pulling from " + call.query.get("fromImage"), "id", call.query.get("tag")));
            for (int i = 0; i <= 4; i++) {
                items.add(Map.of("status", "Downloading", "id", "layer1",
                        "progressDetail", Map.of("current", i * (50L << 20), "total", 200L << 20)));
            }
            items.add(Map.of("status", "Download complete", "id", "layer1", "progressDetail", Map.of()));
            if (pullStreamError != null) {
                items.add(Map.of("errorDetail", Map.of("message", pullStreamError), "error", pullStreamError));
            } else {
                items.add(Map.of("status", "Pull complete", "id", "layer1", "progressDetail", Map.of()));
                items.add(Map.of("status", "Status: Downloaded newer image for " + ref));
                images.put(ref, true);
            }
            for (Map<String, Object> item : items) {
                out.write(JSON.writeValueAsBytes(item));
                out.write('\n');
                out.flush();
            }
        }
    }

    private void create(HttpExchange ex, Call call) throws IOException {
        String name = call.query.get("name");
        java.util.concurrent.CountDownLatch gate = createGate;
        if (gate != null) {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (name != null && byName(name) != null && nameConflictStatus == 500) {
            error(ex, 500, "container create: creating container storage: the container name \"" + name
                    + "\" is already in use by " + byName(name).id + ". You have to remove that container to be able"
                    + " to reuse that name: that name is already in use");
            return;
        }
        if (name != null && byName(name) != null) {
            error(ex, 409, "Conflict. The container name \"/" + name + "\" is already in use by container \""
                    + byName(name).id + "\". You have to remove (or rename) that container to be able to reuse that name.");
            return;
        }
        JsonNode body = call.json();
        String image = body.path("Image").asText();
        if (!images.containsKey(image)) {
            error(ex, 404, "No such image: " + image);
            return;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        body.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        String id = Integer.toHexString(ids.incrementAndGet()) + "c0ffee0123456789abcdef";
        containers.put(id, new FakeContainer(id, name, body, labels));
        json(ex, 201, Map.of("Id", id, "Warnings", List.of()));
    }

    private void list(HttpExchange ex, Call call) throws IOException {
        List<String> wanted = new ArrayList<>();
        String filters = call.query.get("filters");
        if (filters != null) {
            JSON.readTree(filters).path("label").forEach(n -> wanted.add(n.asText()));
        }
        boolean all = "1".equals(call.query.get("all")) || "true".equals(call.query.get("all"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (FakeContainer c : containers.values()) {
            if (!all && !c.state.equals("running")) {
                continue;
            }
            boolean match = wanted.stream().allMatch(w -> {
                int eq = w.indexOf('=');
                return eq < 0 ? c.labels.containsKey(w) : w.substring(eq + 1).equals(c.labels.get(w.substring(0, eq)));
            });
            if (match) {
                out.add(Map.of("Id", c.id, "Names", List.of("/" + c.name), "Labels", c.labels, "State", c.state));
            }
        }
        json(ex, 200, out);
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        json(ex, status, Map.of("message", message));
    }

    private static void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsString(body));
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.getResponseHeaders().set("Api-Version", "1.41");
        ex.sendResponseHeaders(status, status == 204 || bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        containers.values().forEach(c -> c.exit.complete(137));
        server.stop(0);
        threads.shutdownNow();
    }
}
