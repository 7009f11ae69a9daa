package dev.ovstub.server.internal.assembly;

import dev.ovstub.server.internal.config.ServerConfig;
import dev.ovstub.server.internal.recording.MediaProbe;
import dev.ovstub.server.internal.recording.runtime.RecorderRuntime;
import dev.ovstub.server.internal.recording.runtime.docker.DockerRuntime;
import dev.ovstub.server.internal.recording.runtime.docker.DockerSettings;
import dev.ovstub.server.internal.recording.runtime.embedded.EmbeddedRuntime;
import dev.ovstub.server.internal.recording.runtime.kubernetes.KubernetesRuntime;
import dev.ovstub.server.internal.recording.runtime.kubernetes.KubernetesSettings;
import dev.ovstub.server.internal.recorder.MediaInfo;
import dev.ovstub.server.internal.recorder.Mp4Probe;
import java.io.IOException;
import java.nio.file.Path;

/** Picks the recorder runtime named by {@code openvidu.recording.runtime}. */
public final class RuntimeFactory {
    private RuntimeFactory() {}

    public static RecorderRuntime create(ServerConfig config) {
        switch (config.runtime()) {
            case EMBEDDED:
                return new EmbeddedRuntime();
            case DOCKER:
                try {
                    Class.forName("com.github.dockerjava.api.DockerClient", false, RuntimeFactory.class.getClassLoader());
                    Class.forName("com.github.dockerjava.httpclient5.ApacheDockerHttpClient", false, RuntimeFactory.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("openvidu.recording.runtime=docker needs docker-java on the class path: add "
                            + "com.github.docker-java:docker-java-core and docker-java-transport-httpclient5 (the runnable jar has them)", e);
                }
                return new DockerRuntime(DockerSettings.from(config));
            case KUBERNETES:
                try {
                    Class.forName("io.fabric8.kubernetes.client.KubernetesClient", false, RuntimeFactory.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("openvidu.recording.runtime=kubernetes needs fabric8's kubernetes-client"
                            + " on the class path: add io.fabric8:kubernetes-client (the runnable jar has it)", e);
                }
                return new KubernetesRuntime(KubernetesSettings.from(config));
            default:
                throw new AssertionError(config.runtime());
        }
    }

    /** Size, duration and streams read from the finished file by FFmpeg ({@link FfmpegProbe}). */
    public static MediaProbe probe() {
        return new FfmpegProbe();
    }

    /**
     * If {@code probe} is FFmpeg's, loads FFmpeg's natives in the background so that the first stop does not pay
     * for it. Called once the server answers: loading them (hundreds of milliseconds of CPU) while the server
     * starts would delay its first answer, which needs none of it.
     */
    static void preloadInBackground(MediaProbe probe) {
        if (!(probe instanceof FfmpegProbe)) {
            return;
        }
        Thread preload = new Thread(() -> {
            try {
                org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
            } catch (Throwable e) {
                org.slf4j.LoggerFactory.getLogger(RuntimeFactory.class).debug("FFmpeg preload failed: {}", e.toString());
            }
        }, "ovstub-ffmpeg-preload");
        preload.setDaemon(true);
        preload.start();
    }

    /** FFmpeg's reading of finished files ({@link Mp4Probe}). */
    static final class FfmpegProbe implements MediaProbe {
        @Override
        public MediaInfo probe(Path file) throws IOException {
            return Mp4Probe.probe(file);
        }
    }
}
