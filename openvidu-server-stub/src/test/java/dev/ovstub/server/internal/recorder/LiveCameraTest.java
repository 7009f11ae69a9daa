package dev.ovstub.server.internal.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ovstub.server.testing.Await;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A browser's live stream as a tile's camera, read from a real HTTP server speaking {@link LiveFrames}. */
class LiveCameraTest {
    private HttpServer frames;
    /** What the server answers: null for 204 (no picture yet), else a packed YUV420P picture of 64x48. */
    private final AtomicReference<byte[]> current = new AtomicReference<>();
    private final AtomicLong sequence = new AtomicLong();
    private LiveCamera camera;

    @BeforeEach
    void serve() throws Exception {
        frames = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        frames.createContext("/frames/", ex -> {
            try (ex) {
                byte[] yuv = current.get();
                if (yuv == null) {
                    ex.sendResponseHeaders(204, -1);
                    return;
                }
                ex.getResponseHeaders().set(LiveFrames.WIDTH_HEADER, "64");
                ex.getResponseHeaders().set(LiveFrames.HEIGHT_HEADER, "48");
                ex.getResponseHeaders().set(LiveFrames.SEQUENCE_HEADER, Long.toString(sequence.get()));
                ex.getResponseHeaders().set(LiveFrames.AGE_HEADER, "0");
                ex.sendResponseHeaders(200, yuv.length);
                ex.getResponseBody().write(yuv);
            }
        });
        frames.start();
    }

    @AfterEach
    void stop() {
        if (camera != null) {
            camera.close();
            camera.join(1000);
        }
        frames.stop(0);
    }

    private LiveCamera camera(int w, int h, boolean cover) {
        camera = new LiveCamera(LiveFrames.PREFIX + "http://127.0.0.1:" + frames.getAddress().getPort() + "/frames/s1",
                w, h, cover, 50);
        return camera;
    }

    /** A flat picture of one luma value (grey). */
    private static byte[] flat(int luma) {
        byte[] yuv = new byte[64 * 48 * 3 / 2];
        Arrays.fill(yuv, 0, 64 * 48, (byte) luma);
        Arrays.fill(yuv, 64 * 48, yuv.length, (byte) 128);
        return yuv;
    }

    private static int lumaAtCentre(MediaCamera.Picture p) {
        return p.yuv[(p.height / 2) * p.width + p.width / 2] & 0xFF;
    }

    @Test
    void beforeTheFirstPictureTheTileSaysThereIsNoVideo() {
        LiveCamera c = camera(128, 96, false);

        MediaCamera.Picture p = c.pictureAt(0);

        assertThat(p.width).isEqualTo(128);
        assertThat(p.height).isEqualTo(96);
        assertThat(p.yuv[0] & 0xFF).as("dark grey").isBetween(40, 70);
        assertThat(c.failed()).as("never replaced by the synthetic camera").isFalse();
    }

    @Test
    void eachNewPictureIsScaledToTheTileKeepingItsAspect() {
        current.set(flat(200));
        sequence.set(1);
        LiveCamera fit = camera(128, 128, false);

        MediaCamera.Picture p = Await.until("a picture", () -> fit.pictureAt(0), q -> lumaAtCentre(q) == 200,
                Duration.ofSeconds(10));

        assertThat(p.width).isEqualTo(128);
        assertThat(p.height).as("4:3 fitted in a square").isEqualTo(96);
        sequence.set(2);
        current.set(flat(90));
        Await.until("the next picture", () -> fit.pictureAt(0), q -> lumaAtCentre(q) == 90, Duration.ofSeconds(10));
    }

    @Test
    void aStreamThatStopsSendingShowsNoVideoAgain() {
        current.set(flat(200));
        sequence.set(1);
        LiveCamera c = camera(64, 48, true);
        Await.until("a picture", () -> c.pictureAt(0), q -> lumaAtCentre(q) == 200, Duration.ofSeconds(10));

        current.set(null); // the same old picture is all there is: 204 from now on

        MediaCamera.Picture stale = Await.until("no video", () -> c.pictureAt(0), q -> (q.yuv[0] & 0xFF) < 120,
                Duration.ofSeconds(LiveCamera.STALE_MILLIS / 1000 + 10));
        assertThat(stale.yuv[0] & 0xFF).isBetween(40, 70);
    }
}
