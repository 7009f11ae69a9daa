package dev.ovstub.it.support;

import dev.ovstub.it.flows.RecordingFlows;
import dev.ovstub.server.testing.ControlClient;
import io.openvidu.java.client.OpenVidu;
import java.io.IOException;
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
import java.util.stream.Stream;

/**
 * Runs {@link RecordingFlows} against either client: ours, directly, or the official
 * {@code io.openvidu:openvidu-java-client:1.8.0}, by loading the very same compiled flow class in an isolated
 * class loader whose parent is the platform class loader and whose class path is the official client's jars
 * (copied by the pom into {@code target/official-client}) plus {@code target/test-classes} and the server's shared
 * test fixtures (for {@link ControlClient}, JDK types only). Our client is not reachable from that loader, so
 * {@code io.openvidu.java.client.*} resolves to the official classes.
 */
public final class Clients {
    private Clients() {}

    /** A set of flows bound to one client and one server. */
    public interface Flows {
        /** {@code "ours"} or {@code "official 1.8.0"}. */
        String client();

        /** Calls the {@link RecordingFlows} method of that name, rethrowing what it throws. */
        <T> T call(String method, Object... args);
    }

    /** Our client; with trust-all for an HTTPS server (the jar's certificate is self-signed). */
    public static OpenVidu ourClient(String baseUrl, String secret) {
        OpenVidu.Builder b = OpenVidu.builder(baseUrl, secret);
        if (baseUrl.startsWith("https:")) {
            b.insecureTrustAllCertificatesForLocalDevelopmentOnly();
        }
        return b.build();
    }

    /** The flows with our client (which the caller closes). */
    public static Flows ours(OpenVidu client, String baseUrl, String secret) {
        return new ReflectiveFlows("ours", new RecordingFlows(client, baseUrl, secret));
    }

    /** The flows with the official 1.8.0 client, in a new isolated class loader. */
    public static Flows official(String baseUrl, String secret) {
        ClassLoader loader = isolatedLoader();
        try {
            Class<?> openViduClass = loader.loadClass("io.openvidu.java.client.OpenVidu");
            Object openVidu = openViduClass.getConstructor(String.class, String.class).newInstance(baseUrl, secret);
            Class<?> flowsClass = loader.loadClass(RecordingFlows.class.getName());
            Object flows = flowsClass.getConstructor(openViduClass, String.class, String.class)
                    .newInstance(openVidu, baseUrl, secret);
            return new ReflectiveFlows("official 1.8.0", flows);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the flows with the official client: " + e, e);
        }
    }

    /** The official client's jars and their run-time dependencies. */
    public static List<Path> officialClientJars() {
        String dir = System.getProperty("ovstub.official.client.dir");
        if (dir == null) {
            throw new IllegalStateException("system property ovstub.official.client.dir is not set (run through Maven)");
        }
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            List<Path> jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            if (jars.stream().noneMatch(p -> p.getFileName().toString().startsWith("openvidu-java-client-1.8.0"))) {
                throw new IllegalStateException("openvidu-java-client-1.8.0.jar is missing from " + dir);
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A loader that sees the JDK, the official client and its dependencies, this module's test classes, and the
     * server's test fixtures (the test-jar, or the server's test classes in a reactor build that stops before
     * {@code package}); neither of the last two holds any {@code io.openvidu} class.
     */
    public static URLClassLoader isolatedLoader() {
        List<URL> urls = new ArrayList<>();
        try {
            for (Path jar : officialClientJars()) {
                urls.add(jar.toUri().toURL());
            }
            urls.add(Path.of(System.getProperty("ovstub.test.classes")).toUri().toURL());
            urls.add(ControlClient.class.getProtectionDomain().getCodeSource().getLocation());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        return new URLClassLoader("official-openvidu-client", urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
    }

    private static final class ReflectiveFlows implements Flows {
        private final String client;
        private final Object target;

        ReflectiveFlows(String client, Object target) {
            this.client = client;
            this.target = target;
        }

        @Override
        public String client() {
            return client;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T call(String method, Object... args) {
            for (Method m : target.getClass().getMethods()) {
                if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                    try {
                        return (T) m.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        Throwable cause = e.getCause();
                        if (cause instanceof RuntimeException) {
                            throw (RuntimeException) cause;
                        }
                        if (cause instanceof Error) {
                            throw (Error) cause;
                        }
                        throw new IllegalStateException(client + " client: " + method + " failed: " + cause, cause);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            throw new IllegalArgumentException("no flow " + method + "/" + args.length);
        }

        @Override
        public String toString() {
            return client;
        }
    }
}
