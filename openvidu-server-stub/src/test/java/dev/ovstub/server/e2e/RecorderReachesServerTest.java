package dev.ovstub.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ovstub.server.testing.Await;
import dev.ovstub.server.testing.Mp4Frames;
import dev.ovstub.server.JoinOptions;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.Participant;
import dev.ovstub.server.StubRecording;
import dev.ovstub.server.internal.recorder.TileColors;
import java.awt.image.BufferedImage;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real recorders (child JVMs) reach the layout state of the server on the address it listens on, with whatever
 * secret it has: the recording shows the publisher's tile, not black frames.
 */
class RecorderReachesServerTest {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 180;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    private OpenViduServerStub.Builder recordingServer() {
        return OpenViduServerStub.builder().recording(true).recordingPath(folder).resolution(WIDTH + "x" + HEIGHT);
    }

    @Test
    void aServerBoundToANonLoopbackAddressRecordsRealFrames() throws Exception {
        Optional<InetAddress> lan = nonLoopbackAddress();
        assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address");
        try (OpenViduServerStub server = recordingServer().bindAddress(lan.get().getHostAddress()).start()) {
            assertPublisherIsRecorded(server);
        }
    }

    @Test
    void aSecretWithSpacesAndReservedCharactersWorksInTheRecordersUrl() throws Exception {
        try (OpenViduServerStub server = recordingServer().secret("a b@c:d/e#f%g?h").start()) {
            assertPublisherIsRecorded(server);
        }
    }

    /** An insecure (ALWAYS) session with one publisher, recorded for a moment: some frame shows its tile. */
    private static void assertPublisherIsRecorded(OpenViduServerStub server) throws Exception {
        Participant alice = server.joinInsecure("reach-room", JoinOptions.publishing().metadata("alice"));
        String id = awaitActiveId(server, alice.sessionId());
        awaitStatus(server, id, "started");
        // The recording is real-time: let it run for a few layout polls (every 200 ms).
        Thread.sleep(1500);
        alice.leave();
        StubRecording done = awaitStatus(server, id, "stopped");

        int expected = TileColors.colorFor(alice.id());
        int closest = closestCentreColour(done.file(), expected);
        assertThat(Mp4Frames.colorDistance(closest, expected))
                .as("centre pixel nearest to the publisher's colour #%06x over the recording: #%06x", expected, closest)
                .isLessThanOrEqualTo(16);
    }

    private static int closestCentreColour(Path file, int expected) throws Exception {
        int best = -1;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                BufferedImage image = converter.convert(frame);
                int rgb = image.getRGB(image.getWidth() / 2, image.getHeight() / 2) & 0xFFFFFF;
                if (best < 0 || Mp4Frames.colorDistance(rgb, expected) < Mp4Frames.colorDistance(best, expected)) {
                    best = rgb;
                }
            }
        }
        assertThat(best).as("frames in %s", file).isNotNegative();
        return best;
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    private static String awaitActiveId(OpenViduServerStub server, String sessionId) throws InterruptedException {
        return Await.until("session " + sessionId + " to get a recording", () -> server.activeRecordingOf(sessionId),
                Optional::isPresent, WAIT).get();
    }

    private static StubRecording awaitStatus(OpenViduServerStub server, String id, String status) throws InterruptedException {
        return Await.until("recording " + id + " to be " + status, () -> server.recording(id).orElse(null),
                r -> r != null && r.status().wireName().equals(status), WAIT);
    }
}
