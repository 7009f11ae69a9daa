package dev.ovstub.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One page of Debian's headless Chromium driven through the DevTools protocol (its WebSocket, with the JDK's own
 * client): navigate, log in through the browser's Basic-auth challenge as a person would, run JavaScript in the
 * page, press keys, emulate the colour scheme or a narrow window, take screenshots. For tests of pages that do
 * things (the dashboard); {@link HeadlessChromium#screenshot} stays the one-shot way to picture a page.
 *
 * <p>Every wait is on a condition in the page, bounded, and fails with an {@link AssertionError} saying what it
 * waited for and what the page showed last.
 */
public final class ChromiumPage implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Process chromium;
    private final Path log;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, Consumer<JsonNode>> listeners = new ConcurrentHashMap<>();
    private final List<String> consoleErrors = java.util.Collections.synchronizedList(new ArrayList<>());

    private ChromiumPage(Process chromium, Path log, WebSocket.Builder builder, URI page) throws Exception {
        this.chromium = chromium;
        this.log = log;
        StringBuilder partial = new StringBuilder();
        this.socket = builder.buildAsync(page, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String message = partial.toString();
                    partial.setLength(0);
                    dispatch(message);
                }
                webSocket.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
    }

    /**
     * Starts Chromium with a fresh profile in {@code tmp} and a {@code width x height} window on a blank page.
     *
     * @param extraFlags more command-line flags, e.g. {@code --ignore-certificate-errors}
     */
    public static ChromiumPage open(Path tmp, int width, int height, String... extraFlags) throws Exception {
        Path profile = tmp.resolve("chromium-profile");
        Files.createDirectories(profile);
        Path log = tmp.resolve("chromium-devtools.log");
        List<String> command = new ArrayList<>(List.of(HeadlessChromium.BINARY.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--hide-scrollbars", "--mute-audio",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--remote-debugging-port=0"));
        command.addAll(List.of(extraFlags));
        command.add("about:blank");
        Process chromium = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // Chromium writes the port it picked into the profile: "<port>\n<browser path>".
            Path portFile = profile.resolve("DevToolsActivePort");
            Await.until(() -> Files.exists(portFile) && readQuietly(portFile).contains("\n") || !chromium.isAlive(),
                    Duration.ofSeconds(60), () -> "Chromium's DevTools port; it said: " + readQuietly(log));
            if (!chromium.isAlive()) {
                throw new AssertionError("Chromium exited with " + chromium.exitValue() + ": " + readQuietly(log));
            }
            int port = Integer.parseInt(readQuietly(portFile).split("\n")[0].trim());
            HttpClient http = HttpClient.newHttpClient();
            String pageSocket = Await.until("a page target of Chromium", () -> {
                try {
                    HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    for (JsonNode target : JSON.readTree(list.body())) {
                        if ("page".equals(target.path("type").asText())) {
                            return target.path("webSocketDebuggerUrl").asText();
                        }
                    }
                    return null;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }, s -> s != null && !s.isEmpty(), Duration.ofSeconds(30));
            ChromiumPage page = new ChromiumPage(chromium, log, http.newWebSocketBuilder(), URI.create(pageSocket));
            page.send("Page.enable", null);
            page.send("Runtime.enable", null);
            page.on("Runtime.exceptionThrown", e -> page.consoleErrors.add(e.path("exceptionDetails").toString()));
            return page;
        } catch (Throwable e) {
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly();
            throw e;
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private void dispatch(String message) {
        JsonNode node;
        try {
            node = JSON.readTree(message);
        } catch (IOException e) {
            return;
        }
        if (node.has("id")) {
            CompletableFuture<JsonNode> waiting = pending.remove(node.get("id").asInt());
            if (waiting != null) {
                if (node.has("error")) {
                    waiting.completeExceptionally(new AssertionError("DevTools error: " + node.get("error")));
                } else {
                    waiting.complete(node.path("result"));
                }
            }
        } else if (node.has("method")) {
            Consumer<JsonNode> listener = listeners.get(node.get("method").asText());
            if (listener != null) {
                listener.accept(node.path("params"));
            }
        }
    }

    /** Calls a DevTools method and returns its result. */
    public JsonNode send(String method, ObjectNode params) {
        CompletableFuture<JsonNode> result = sendAsync(method, params);
        try {
            return result.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("DevTools " + method + " got no answer in " + CALL_TIMEOUT.toSeconds() + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private CompletableFuture<JsonNode> sendAsync(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", params == null ? JSON.createObjectNode() : params);
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        pending.put(id, result);
        synchronized (socket) {
            socket.sendText(message.toString(), true).join();
        }
        return result;
    }

    /** Calls {@code listener} for every DevTools event of this name (one listener per name). */
    public void on(String event, Consumer<JsonNode> listener) {
        listeners.put(event, listener);
    }

    /** A fresh JSON object for {@link #send}'s parameters. */
    public static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /**
     * Answers every Basic-auth challenge of the browser with these credentials, as a person typing them into the
     * browser's login dialog: from then on the browser sends them to that server by itself.
     */
    public void login(String user, String password) {
        on("Fetch.requestPaused", e -> sendAsync("Fetch.continueRequest", params().put("requestId", e.path("requestId").asText())));
        on("Fetch.authRequired", e -> {
            ObjectNode answer = params().put("requestId", e.path("requestId").asText());
            answer.putObject("authChallengeResponse").put("response", "ProvideCredentials")
                    .put("username", user).put("password", password);
            sendAsync("Fetch.continueWithAuth", answer);
        });
        ObjectNode enable = params().put("handleAuthRequests", true);
        enable.putArray("patterns").addObject().put("urlPattern", "*");
        send("Fetch.enable", enable);
    }

    /**
     * From now on, cancels every Basic-auth challenge, as a person dismissing the browser's login dialog: the page
     * then gets the 401 answer itself. Call after {@link #login}.
     */
    public void cancelLogins() {
        on("Fetch.authRequired", e -> {
            ObjectNode answer = params().put("requestId", e.path("requestId").asText());
            answer.putObject("authChallengeResponse").put("response", "CancelAuth");
            sendAsync("Fetch.continueWithAuth", answer);
        });
    }

    /** Opens a URL and waits until its document has loaded. */
    public void navigate(String url) {
        JsonNode result = send("Page.navigate", params().put("url", url));
        if (result.hasNonNull("errorText")) {
            throw new AssertionError("could not open " + url + ": " + result.get("errorText").asText());
        }
        waitFor("the document of " + url + " to load", "document.readyState === 'complete' && location.href !== 'about:blank'",
                Duration.ofSeconds(30));
    }

    /**
     * Runs JavaScript in the page (as a user gesture, so media may play) and returns its value as JSON; a promise is
     * awaited. An exception in the page is an {@link AssertionError} with its text.
     */
    public JsonNode evaluate(String expression) {
        JsonNode result = send("Runtime.evaluate", params().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true).put("userGesture", true));
        if (result.has("exceptionDetails")) {
            JsonNode details = result.get("exceptionDetails");
            throw new AssertionError("JavaScript failed: " + details.path("exception").path("description").asText(details.toString())
                    + "\nin: " + expression);
        }
        return result.path("result").path("value");
    }

    /**
     * Waits until a JavaScript expression is truthy and returns its value. Past the bound: an AssertionError with
     * what it waited for, the expression's last value, and the page's text.
     */
    public JsonNode waitFor(String what, String expression, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        AssertionError lastError = null;
        while (true) {
            try {
                last = evaluate(expression);
                lastError = null;
                if (truthy(last)) {
                    return last;
                }
            } catch (AssertionError e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                String text;
                try {
                    text = evaluate("document.body ? document.body.innerText : ''").asText();
                } catch (AssertionError e) {
                    text = "(unreadable: " + e.getMessage() + ")";
                }
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + "; last value " + (lastError != null ? lastError.getMessage() : last)
                        + "\npage errors: " + consoleErrors + "\npage text:\n" + text);
            }
            try {
                Thread.sleep(Await.POLL_MILLIS * 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    private static boolean truthy(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.asDouble() != 0;
        }
        if (v.isTextual()) {
            return !v.asText().isEmpty();
        }
        return true;
    }

    /** Presses and releases a key in the focused element: {@code Enter}, {@code Tab}, {@code Space}. */
    public void press(String key) {
        int code = switch (key) {
            case "Enter" -> 13;
            case "Tab" -> 9;
            case " " -> 32;
            default -> throw new IllegalArgumentException("no key code for " + key);
        };
        for (String type : List.of("keyDown", "keyUp")) {
            ObjectNode event = params().put("type", type).put("key", key).put("windowsVirtualKeyCode", code)
                    .put("nativeVirtualKeyCode", code);
            if ("keyDown".equals(type) && (code == 13 || code == 32)) {
                event.put("text", code == 13 ? "\r" : " ");
            }
            send("Input.dispatchKeyEvent", event);
        }
    }

    /** Emulates the system's colour scheme: {@code light} or {@code dark}. */
    public void colorScheme(String scheme) {
        ObjectNode media = params();
        media.putArray("features").addObject().put("name", "prefers-color-scheme").put("value", scheme);
        send("Emulation.setEmulatedMedia", media);
    }

    /** Makes the page's viewport {@code width x height} CSS pixels at {@code scale} device pixels each (zoom). */
    public void viewport(int width, int height, double scale) {
        send("Emulation.setDeviceMetricsOverride", params().put("width", width).put("height", height)
                .put("deviceScaleFactor", scale).put("mobile", false));
    }

    /** A PNG of the whole page, beyond the window when it is taller. */
    public byte[] screenshot() {
        JsonNode shot = send("Page.captureScreenshot", params().put("format", "png").put("captureBeyondViewport", true));
        return Base64.getDecoder().decode(shot.path("data").asText());
    }

    /** Exceptions the page threw, as DevTools reported them. */
    public List<String> pageErrors() {
        synchronized (consoleErrors) {
            return List.copyOf(consoleErrors);
        }
    }

    @Override
    public void close() {
        try {
            sendAsync("Browser.close", null).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // killed below
        }
        try {
            if (!chromium.waitFor(10, TimeUnit.SECONDS)) {
                chromium.descendants().forEach(ProcessHandle::destroyForcibly);
                chromium.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly();
        }
        socket.abort();
    }

    /** What Chromium printed, for failure messages. */
    public String log() {
        return readQuietly(log);
    }
}
