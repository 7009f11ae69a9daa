package dev.ovstub.bench.client;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The official {@code io.openvidu:openvidu-java-client:1.8.0}, loaded from the jars in {@code bench.official.dir}
 * in a class loader of its own (parent: the platform loader), because its classes have our client's names.
 * Called through method handles: a few nanoseconds per call, against tens of microseconds for a request.
 */
final class OfficialApi implements Api {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.publicLookup();
    private static final ClassLoader LOADER = loader();

    private final Object openVidu;
    private final MethodHandle createSession;
    private final MethodHandle generateToken;
    private final MethodHandle startRecording;
    private final MethodHandle stopRecording;
    private final MethodHandle getRecording;
    private final MethodHandle deleteRecording;
    private final MethodHandle archiveId;
    private final MethodHandle archiveStatus;

    OfficialApi(String baseUrl, String secret) {
        try {
            Class<?> ov = Class.forName("io.openvidu.java.client.OpenVidu", true, LOADER);
            Class<?> session = Class.forName("io.openvidu.java.client.Session", true, LOADER);
            Class<?> archive = Class.forName("io.openvidu.java.client.Archive", true, LOADER);
            Class<?> status = Class.forName("io.openvidu.java.client.Archive$Status", true, LOADER);
            openVidu = ov.getConstructor(String.class, String.class).newInstance(baseUrl, secret);
            createSession = generic(LOOKUP.findVirtual(ov, "createSession", MethodType.methodType(session)));
            generateToken = generic(LOOKUP.findVirtual(session, "generateToken", MethodType.methodType(String.class)));
            startRecording = generic(LOOKUP.findVirtual(ov, "startRecording", MethodType.methodType(archive, String.class)));
            stopRecording = generic(LOOKUP.findVirtual(ov, "stopRecording", MethodType.methodType(archive, String.class)));
            getRecording = generic(LOOKUP.findVirtual(ov, "getRecording", MethodType.methodType(archive, String.class)));
            deleteRecording = LOOKUP.findVirtual(ov, "deleteRecording", MethodType.methodType(void.class, String.class))
                    .asType(MethodType.methodType(void.class, Object.class, String.class));
            archiveId = generic(LOOKUP.findVirtual(archive, "getId", MethodType.methodType(String.class)));
            archiveStatus = generic(LOOKUP.findVirtual(archive, "getStatus", MethodType.methodType(status)));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the official client from " + dir(), e);
        }
    }

    private static MethodHandle generic(MethodHandle h) {
        return h.asType(h.type().generic());
    }

    private static Path dir() {
        return Path.of(System.getProperty("bench.official.dir", "target/bench/official-client"));
    }

    private static ClassLoader loader() {
        try (Stream<Path> jars = Files.list(dir())) {
            List<URL> urls = jars.filter(p -> p.toString().endsWith(".jar")).sorted().map(p -> {
                try {
                    return p.toUri().toURL();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.toList());
            if (urls.stream().noneMatch(u -> u.getPath().contains("openvidu-java-client-1.8.0"))) {
                throw new IllegalStateException("openvidu-java-client-1.8.0.jar not found in " + dir());
            }
            return new URLClassLoader("openvidu-java-client-1.8.0", urls.toArray(new URL[0]),
                    ClassLoader.getPlatformClassLoader());
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir() + " (run with -Pbench)", e);
        }
    }

    @Override
    public String sessionAndToken() {
        try {
            Object session = (Object) createSession.invokeExact(openVidu);
            return (String) (Object) generateToken.invokeExact(session);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public String startRecording(String sessionId) {
        try {
            Object archive = (Object) startRecording.invokeExact(openVidu, (Object) sessionId);
            return (String) (Object) archiveId.invokeExact(archive);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public String stopRecording(String recordingId) {
        try {
            Object archive = (Object) stopRecording.invokeExact(openVidu, (Object) recordingId);
            return String.valueOf((Object) archiveStatus.invokeExact(archive));
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public String getRecording(String recordingId) {
        try {
            Object archive = (Object) getRecording.invokeExact(openVidu, (Object) recordingId);
            return String.valueOf((Object) archiveStatus.invokeExact(archive));
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public void deleteRecording(String recordingId) {
        try {
            deleteRecording.invokeExact(openVidu, recordingId);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException) {
            return (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        return new IllegalStateException(e);
    }

    /** 1.8.0 has no close(): its HttpClient lives as long as the JVM. */
    @Override
    public void close() {
        // nothing to close
    }
}
