package dev.ovstub.server.internal.api;

import dev.ovstub.server.internal.config.ServerConfig;
import dev.ovstub.server.internal.recording.RecordingService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Properties;

/**
 * What {@code GET /stub/info} tells about this server, for the dashboard: read-only facts fixed at start-up. It
 * never holds the secret, nor anything derived from it.
 *
 * @param version        this server's version (the Maven project version), or {@code unknown}
 * @param publicUrl      the URL clients reach the server on ({@code openvidu.publicurl}, or the local one)
 * @param https          whether the server itself serves HTTPS
 * @param recording      whether recording is on
 * @param runtime        the recorder runtime's name, or null with recording off
 * @param recordingsPath the recordings folder, or null with recording off
 * @param freeAccess     whether recording files are served without credentials
 * @param maxConcurrentRecordings how many recorders may run at once
 */
record ServerInfo(String version, String publicUrl, boolean https, boolean recording, String runtime,
                  String recordingsPath, boolean freeAccess, int maxConcurrentRecordings) {
    /** The OpenVidu REST API this server speaks. */
    static final String OPENVIDU_API = "1.8";

    static ServerInfo of(ServerConfig config, URI publicUrl, boolean https, RecordingService recordings) {
        return new ServerInfo(buildVersion(), publicUrl.toString(), https, recordings != null,
                recordings == null ? null : recordings.runtimeName(),
                recordings == null ? null : recordings.store().folder().toAbsolutePath().toString(),
                config.freeAccess(), config.maxConcurrentRecordings());
    }

    /** The version Maven wrote into {@code version.properties} at build time. */
    static String buildVersion() {
        try (InputStream in = ServerInfo.class.getResourceAsStream("/dev/ovstub/server/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.contains("${") ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String toJson() {
        return Json.object()
                .put("version", version)
                .put("openviduApi", OPENVIDU_API)
                .put("publicUrl", publicUrl)
                .put("https", https)
                .put("recording", recording)
                .put("runtime", runtime)
                .put("recordingsPath", recordingsPath)
                .put("freeAccess", freeAccess)
                .put("maxConcurrentRecordings", maxConcurrentRecordings)
                .toJson();
    }
}
