package dev.ovstub.it.support;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The official {@code io.openvidu:openvidu-java-client:2.32.1}, in a class loader of its own.
 *
 * <p>Its classes have the package names of ours (which is on the test class path), so nothing here is compiled
 * against it by Maven. The pom copies the client's jar and its run-time dependencies into
 * {@code target/official-client-2.32.1}; the first use compiles the bridge {@code OfficialBridge}
 * ({@code src/test/official-2.32/java}, JDK types at its edge) with the JDK's compiler against those jars alone, and
 * loads both in a {@link URLClassLoader} whose parent is the platform loader: our client, the tests' libraries and
 * the server are out of its sight.
 *
 * <p>{@link #call} runs one bridge method. The client's checked exceptions come out as {@link HttpError}
 * ({@code OpenViduHttpException}, with {@link HttpError#status()} = its {@code getStatus()}) and
 * {@link ClientError} ({@code OpenViduJavaClientException}); anything else it throws (its builders'
 * {@code IllegalArgumentException}, say) as {@link ClientError} too, named.
 */
public final class Official232 {
    private static final String BRIDGE = "dev.ovstub.it.official232.OfficialBridge";
    private static final Object COMPILE_LOCK = new Object();
    private static volatile boolean compiled;

    private final Object bridge;
    private final String hostname;

    private Official232(Object bridge, String hostname) {
        this.bridge = bridge;
        this.hostname = hostname;
    }

    /** {@code OpenViduHttpException} of the official client. */
    public static final class HttpError extends RuntimeException {
        private final int status;

        HttpError(int status, String call, Throwable cause) {
            super(call + ": OpenViduHttpException, status " + status, cause);
            this.status = status;
        }

        /** {@code OpenViduHttpException.getStatus()}. */
        public int status() {
            return status;
        }
    }

    /** Any other exception of the official client: {@link #type()} is its class name. */
    public static final class ClientError extends RuntimeException {
        private final String type;

        ClientError(String type, String call, Throwable cause) {
            super(call + ": " + type + ": " + cause.getMessage(), cause);
            this.type = type;
        }

        public String type() {
            return type;
        }
    }

    /** A new official client ({@code new OpenVidu(hostname, secret)}) in a new isolated loader. */
    public static Official232 connect(String hostname, String secret) {
        ClassLoader loader = isolatedLoader();
        try {
            Object bridge = loader.loadClass(BRIDGE).getConstructor(String.class, String.class)
                    .newInstance(hostname, secret);
            return new Official232(bridge, hostname);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("new OpenVidu(" + hostname + ", ...) failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the official 2.32.1 client's bridge: " + e, e);
        }
    }

    /** The hostname this client was given. */
    public String hostname() {
        return hostname;
    }

    /**
     * Calls the bridge method of that name and arity.
     *
     * @throws HttpError   the client threw {@code OpenViduHttpException}
     * @throws ClientError the client threw anything else
     */
    @SuppressWarnings("unchecked")
    public <T> T call(String method, Object... args) {
        Method m = method(method, args.length);
        try {
            return (T) m.invoke(bridge, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            String call = method + describeArgs(args);
            if (cause.getClass().getName().equals("io.openvidu.java.client.OpenViduHttpException")) {
                try {
                    int status = (int) cause.getClass().getMethod("getStatus").invoke(cause);
                    throw new HttpError(status, call, cause);
                } catch (ReflectiveOperationException r) {
                    throw new IllegalStateException(r);
                }
            }
            if (cause instanceof Error error && !(cause instanceof AssertionError)) {
                throw error;
            }
            throw new ClientError(cause.getClass().getName(), call, cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The status of the {@code OpenViduHttpException} that this call throws; an {@link AssertionError} if it
     * succeeds or throws anything else.
     */
    public int status(String method, Object... args) {
        Object result;
        try {
            result = call(method, args);
        } catch (HttpError e) {
            return e.status();
        } catch (ClientError e) {
            throw new AssertionError("expected an OpenViduHttpException from " + method + describeArgs(args)
                    + " but got " + e.getMessage(), e);
        }
        throw new AssertionError("expected an OpenViduHttpException from " + method + describeArgs(args)
                + " but it returned " + result);
    }

    private Method method(String name, int arity) {
        for (Method m : bridge.getClass().getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == arity) {
                return m;
            }
        }
        throw new IllegalArgumentException("the bridge has no method " + name + "/" + arity);
    }

    private static String describeArgs(Object[] args) {
        return Stream.of(args).map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }

    // ---- the loader ----

    /** The official 2.32.1 client's jar and its run-time dependencies, as the pom copied them. */
    public static List<Path> clientJars() {
        Path dir = Path.of(property("ovstub.official.client232.dir"));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            if (jars.stream().noneMatch(p -> p.getFileName().toString().equals("openvidu-java-client-2.32.1.jar"))) {
                throw new IllegalStateException("openvidu-java-client-2.32.1.jar is missing from " + dir);
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + " (run through Maven: it copies the jars there)", e);
        }
    }

    /** A loader of the JDK, the official jars and the compiled bridge, nothing else. */
    public static URLClassLoader isolatedLoader() {
        Path classes = compileBridge();
        List<URL> urls = new ArrayList<>();
        try {
            for (Path jar : clientJars()) {
                urls.add(jar.toUri().toURL());
            }
            urls.add(classes.toUri().toURL());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        return new URLClassLoader("official-openvidu-client-2.32.1", urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
    }

    /** Compiles the bridge once per JVM against the official jars alone (release 17, as the client's classes). */
    static Path compileBridge() {
        Path out = Path.of(property("ovstub.official.client232.bridge.classes"));
        synchronized (COMPILE_LOCK) {
            if (compiled) {
                return out;
            }
            Path sources = Path.of(property("ovstub.official.client232.bridge.sources"));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new IllegalStateException("no Java compiler in " + System.getProperty("java.home")
                        + ": the tests need a JDK, not a JRE");
            }
            List<String> args = new ArrayList<>(List.of("--release", "17", "-encoding", "UTF-8", "-Xlint:all",
                    "-Xlint:-processing", "-Werror", "-proc:none", "-d", out.toString(), "-cp",
                    clientJars().stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator))));
            try (Stream<Path> files = Files.walk(sources)) {
                Files.createDirectories(out);
                files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).forEach(args::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ByteArrayOutputStream messages = new ByteArrayOutputStream();
            int status = javac.run(null, messages, messages, args.toArray(String[]::new));
            if (status != 0) {
                throw new IllegalStateException("the bridge " + sources + " does not compile against the official "
                        + "2.32.1 client (javac exit " + status + "):\n" + messages.toString(java.nio.charset.StandardCharsets.UTF_8));
            }
            compiled = true;
            return out;
        }
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            throw new IllegalStateException("system property " + name + " is not set (run the tests through Maven)");
        }
        return v;
    }

    @Override
    public String toString() {
        return "official openvidu-java-client 2.32.1 at " + hostname.toLowerCase(Locale.ROOT);
    }
}
