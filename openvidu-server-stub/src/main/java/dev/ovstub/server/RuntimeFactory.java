package dev.ovstub.server;

import dev.ovstub.server.internal.config.ServerConfig;
import dev.ovstub.server.internal.recording.MediaInfo;
import dev.ovstub.server.internal.recording.MediaProbe;
import dev.ovstub.server.internal.recording.runtime.RecorderRuntime;
import dev.ovstub.server.internal.recording.runtime.embedded.EmbeddedRuntime;

/** Picks the recorder runtime named by {@code openvidu.recording.runtime}. */
final class RuntimeFactory {
    private RuntimeFactory() {}

    static RecorderRuntime create(ServerConfig config) {
        switch (config.runtime()) {
            case EMBEDDED:
                return new EmbeddedRuntime();
            case DOCKER:
                throw new IllegalStateException("openvidu.recording.runtime=docker is not available in this build");
            default:
                throw new AssertionError(config.runtime());
        }
    }

    static MediaProbe probe() {
        return file -> {
            // Replaced by the recorder's Mp4Probe once it lands.
            long size = java.nio.file.Files.size(file);
            return new MediaInfo(size, 0.0, true, true);
        };
    }
}
