package dev.ovstub.server.internal.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaCameraTest {
    @TempDir
    static Path clips;
    /** 2 s at 25 fps: red, then blue. */
    static Path clip;

    @BeforeAll
    static void makeClip() throws Exception {
        clip = TestClips.solidColours(clips.resolve("clip.mp4"), 320, 180, 25, 0xff0000, 0x0000ff);
    }

    @Test
    void offlineEachClipTimeGetsTheLatestSourceFrameNotAfterItAcrossLoops() {
        try (MediaCamera cam = new MediaCamera(clip.toString(), 320, 180, 0, true)) {
            for (long t = 0; t < 5_000_000; t += 30_000) { // not a multiple of the source's 40 ms
                MediaCamera.Picture p = cam.pictureAt(t);
                assertThat(p).as("picture at %d us (%s)", t, cam.failure()).isNotNull();
                assertThat(p.clipMicros).as("source frame for %d us", t).isEqualTo(t / 40_000 * 40_000);
                assertThat(p.width).isEqualTo(320);
                assertThat(p.height).isEqualTo(180);
                boolean red = (t % 2_000_000) < 1_000_000;
                // BT.601: red has V well above 128, blue has U well above 128
                int u = p.yuv[320 * 180 + 100] & 255;
                int v = p.yuv[320 * 180 + 160 * 90 + 100] & 255;
                assertThat(red ? v : u).as("chroma at %d us", t).isGreaterThan(200);
            }
            assertThat(cam.failed()).isFalse();
        }
    }

    @Test
    void offlineACameraStartedInTheMiddleOfTheClipBeginsThere() {
        try (MediaCamera cam = new MediaCamera(clip.toString(), 160, 90, 7_300_000, true)) {
            MediaCamera.Picture p = cam.pictureAt(7_300_000);
            assertThat(p.clipMicros).isEqualTo(7_280_000);
            assertThat(p.width).isEqualTo(160);
            assertThat(cam.pictureAt(7_900_000).clipMicros).isEqualTo(7_880_000);
        }
    }

    @Test
    void liveTheCameraNeverWaitsAndSkipsTheSourceFramesItIsLateFor() throws Exception {
        try (MediaCamera cam = new MediaCamera(clip.toString(), 320, 180, 0, false)) {
            long t0 = System.nanoTime();
            MediaCamera.Picture first = cam.pictureAt(0);
            assertThat(System.nanoTime() - t0).as("first call returns at once").isLessThan(50_000_000L);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (first == null && System.nanoTime() < deadline) {
                Thread.sleep(5);
                first = cam.pictureAt(0);
            }
            assertThat(first).isNotNull();
            assertThat(first.clipMicros).isZero();
            // Jump 1.5 s ahead, as a recorder far behind would: never blocks, catches up by skipping.
            MediaCamera.Picture p = null;
            long worstCall = 0;
            while (System.nanoTime() < deadline) {
                long c0 = System.nanoTime();
                p = cam.pictureAt(1_500_000);
                worstCall = Math.max(worstCall, System.nanoTime() - c0);
                if (p.clipMicros == 1_480_000) break;
                Thread.sleep(2);
            }
            assertThat(p.clipMicros).isEqualTo(1_480_000);
            assertThat(worstCall).as("longest pictureAt call, ns").isLessThan(20_000_000L);
            assertThat(cam.skippedPictures()).as("source frames decoded but not scaled").isGreaterThan(20);
        }
    }

    @Test
    void aMediaThatCannotBeOpenedMakesTheCameraFailWithTheReason() throws Exception {
        try (MediaCamera cam = new MediaCamera(clips.resolve("absent.mp4").toString(), 320, 180, 0, true)) {
            assertThat(cam.pictureAt(0)).isNull();
            assertThat(cam.failed()).isTrue();
            assertThat(cam.failure()).contains("absent.mp4");
        }
    }

    @Test
    void toCoverATileAPictureIsScaledToTheSmallestEvenSizeAtLeastTheTileWithItsAspectKept() {
        // 16:9 into a tall 426x640 tile: as high as the tile, wider (cropped at the sides)
        assertThat(MediaCamera.cover(320, 180, 1, 426, 640)).containsExactly(1138, 640);
        // 4:3 into 16:9: as wide as the tile, higher (cropped top and bottom)
        assertThat(MediaCamera.cover(640, 480, 1, 1280, 720)).containsExactly(1280, 960);
        // same aspect: the tile itself
        assertThat(MediaCamera.cover(1920, 1080, 1, 256, 144)).containsExactly(256, 144);
        // anamorphic pixels count: 360x480 with 4:3 pixels is 480x480 on screen
        assertThat(MediaCamera.cover(360, 480, 4.0 / 3, 320, 180)).containsExactly(320, 320);
    }
}
