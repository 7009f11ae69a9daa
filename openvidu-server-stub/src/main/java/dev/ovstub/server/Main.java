package dev.ovstub.server;

import dev.ovstub.server.internal.config.ConfigException;
import dev.ovstub.server.internal.config.PropertySource;
import dev.ovstub.server.internal.config.ServerConfig;
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

    private Main() {}

    public static void main(String[] args) {
        ServerConfig config;
        OpenViduServerStub server;
        try {
            config = ServerConfig.from(PropertySource.ofSystem());
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
