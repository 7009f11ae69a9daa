package dev.ovstub.server;

import dev.ovstub.server.internal.config.ConfigException;
import dev.ovstub.server.internal.config.PropertySource;
import dev.ovstub.server.internal.config.ServerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar openvidu-server-stub.jar}: reads OpenVidu's properties ({@code -Dopenvidu.recording=true}, or
 * the same names in the environment, dotted or upper-snake), starts the server, and runs until stopped (Ctrl-C,
 * SIGTERM). Exits 1 with a message naming the problem if it cannot start.
 */
public final class Main {
    static {
        // Log format of the runnable jar (slf4j-simple); -D flags given by the user win.
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    }

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * Set by the build's class-data-sharing training run ({@code -Dovstub.cds.training=true} with
     * {@code -XX:ArchiveClassesAtExit}): the server answers a few requests of its own, then exits, and the JVM
     * writes the classes it loaded to the archive that {@code -XX:SharedArchiveFile} then uses.
     */
    static final String TRAINING_PROPERTY = "ovstub.cds.training";

    private Main() {}

    /**
     * A warning when the server would accept the default secret from other machines: the default secret with a
     * bind address ({@code server.address}) that is not a loopback one. Names neither secret.
     */
    static Optional<String> exposureWarning(ServerConfig config) {
        if (!ServerConfig.DEFAULT_SECRET.equals(config.secret()) || isLoopback(config.bindAddress())) {
            return Optional.empty();
        }
        String address = config.bindAddress().isBlank() ? "every address" : config.bindAddress();
        return Optional.of("Listening on " + address + " with the default secret: anyone on the network who reaches "
                + "this port can use this server (create sessions, start recordings, download them). Set "
                + "openvidu.secret to a secret of your own, or server.address=127.0.0.1 to accept this machine only.");
    }

    private static boolean isLoopback(String address) {
        if (address.isBlank()) {
            return false; // Jetty listens on every address
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // the bind itself will fail and say so
        }
    }

    public static void main(String[] args) {
        ServerConfig config;
        OpenViduServerStub server;
        try {
            config = ServerConfig.from(PropertySource.ofSystem());
            exposureWarning(config).ifPresent(LOG::warn);
            server = OpenViduServerStub.start(config);
        } catch (ConfigException e) {
            LOG.error("Invalid configuration: {}", e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            LOG.error("Cannot start: {}", e.getMessage());
            LOG.debug("Start-up failure", e);
            System.exit(1);
            return;
        }
        if (Boolean.getBoolean(TRAINING_PROPERTY)) {
            System.exit(StartupTraining.run(server));
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "ovstub-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
