package dev.ovstub.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adobe's S3Mock (an S3-compatible server: buckets, multipart uploads, ranged reads, user metadata) as a process of
 * its own on a free loopback port, started from its executable jar ({@code target/s3mock/s3mock.jar}, copied by the
 * build; {@code -Dovstub.s3mock.jar} names another). A process rather than in the tests' JVM: its Spring Boot, Tomcat
 * and logging stay out of our class path. One per test JVM ({@link #shared()}, about 4 s to start), stopped with the
 * JVM; tests take a bucket each ({@link #newBucket}). It does not check signatures: credentials are any.
 *
 * <p>Inspection through its plain HTTP API, with JDK types only: {@link #object}, {@link #keys}.
 */
public final class S3MockProcess {
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";
    private static S3MockProcess shared;

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int buckets;

    private S3MockProcess(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** The JVM's S3Mock, started on first use. */
    public static synchronized S3MockProcess shared() {
        if (shared == null) {
            shared = start();
            S3MockProcess started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "s3mock-stop"));
        }
        return shared;
    }

    private static S3MockProcess start() {
        Path jar = Path.of(System.getProperty("ovstub.s3mock.jar", "target/s3mock/s3mock.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: the build copies it (mvn"
                    + " generate-test-resources); -Dovstub.s3mock.jar names another");
        }
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path root = Files.createTempDirectory("s3mock-");
            Path log = root.resolveSibling(root.getFileName() + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xmx384m",
                    "-XX:+UseSerialGC", "-jar", jar.toString(), "--http.port=" + port, "--server.port=0",
                    "--server.address=127.0.0.1", "--com.adobe.testing.s3mock.store.root=" + root,
                    "--com.adobe.testing.s3mock.store.retain-files-on-exit=false", "--spring.main.banner-mode=off"));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            S3MockProcess mock = new S3MockProcess(p, URI.create("http://127.0.0.1:" + port), log);
            mock.awaitReady(Duration.ofSeconds(60));
            return mock;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Mock", e);
        }
    }

    private void awaitReady(Duration bound) throws IOException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(endpoint.resolve("/"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() < 500) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            try {
                process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        stop();
        throw new IllegalStateException("S3Mock did not answer within " + bound + ":\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** {@code http://127.0.0.1:<port>}: path-style, any region, any credentials. */
    public URI endpoint() {
        return endpoint;
    }

    /** A new, empty bucket of its own for a test. */
    public synchronized String newBucket(String hint) {
        String name = (hint.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-") + "-" + (++buckets));
        name = name.length() > 60 ? name.substring(name.length() - 60) : name;
        name = name.replaceAll("^-+", "b");
        send("PUT", "/" + name, 200);
        return name;
    }

    /** Deletes an empty bucket (a test's way to make the next upload fail). */
    public void deleteBucket(String bucket) {
        send("DELETE", "/" + bucket, 204);
    }

    /** The object's bytes, or null when there is none. */
    public byte[] object(String bucket, String key) {
        HttpResponse<byte[]> r = request("GET", "/" + bucket + "/" + key, HttpResponse.BodyHandlers.ofByteArray());
        return r.statusCode() == 404 ? null : check(r, 200).body();
    }

    /** The keys in the bucket, as ListObjectsV2 gives them. */
    public List<String> keys(String bucket) {
        String xml = new String(check(request("GET", "/" + bucket + "?list-type=2",
                HttpResponse.BodyHandlers.ofByteArray()), 200).body(), java.nio.charset.StandardCharsets.UTF_8);
        List<String> keys = new ArrayList<>();
        Matcher m = Pattern.compile("<Key>([^<]*)</Key>").matcher(xml);
        while (m.find()) {
            keys.add(m.group(1).replace("&amp;", "&"));
        }
        return keys;
    }

    private void send(String method, String path, int expected) {
        check(request(method, path, HttpResponse.BodyHandlers.ofByteArray()), expected);
    }

    private static <T> HttpResponse<T> check(HttpResponse<T> r, int expected) {
        if (r.statusCode() != expected) {
            Object body = r.body() instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : r.body();
            throw new IllegalStateException(r.request().method() + " " + r.uri() + ": HTTP " + r.statusCode() + " " + body);
        }
        return r;
    }

    private <T> HttpResponse<T> request(String method, String path, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(30))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
