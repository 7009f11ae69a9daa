package dev.ovstub.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.server.testing.Await;
import dev.ovstub.server.testing.Mp4Frames;
import dev.ovstub.server.JoinOptions;
import dev.ovstub.server.OpenViduServerStub;
import dev.ovstub.server.Participant;
import dev.ovstub.server.StubRecording;
import dev.ovstub.server.internal.recorder.GridLayout;
import dev.ovstub.server.internal.recorder.MediaInfo;
import dev.ovstub.server.internal.recorder.Mp4Probe;
import dev.ovstub.server.internal.recorder.TileColors;
import io.openvidu.java.client.Archive;
import io.openvidu.java.client.ArchiveMode;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduHttpException;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server with its default, embedded runtime: real recorders in child JVMs, real MP4s decoded here.
 */
class EmbeddedRecordingTest {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path folder;
    static OpenViduServerStub server;
    static OpenVidu openVidu;

    @BeforeAll
    static void start() {
        server = OpenViduServerStub.builder().recording(true).recordingPath(folder).resolution(WIDTH + "x" + HEIGHT).start();
        openVidu = new OpenVidu(server.baseUrl().toString(), server.secret());
    }

    @AfterAll
    static void stop() {
        openVidu.close();
        server.close();
        assertThat(recorderProcesses()).as("recorder child JVMs still running after the server closed").isEmpty();
    }

    @Test
    void aManualRecordingShowsOneTilePerPublisherAsTheyJoinAndLeave() throws Exception {
        Session session = openVidu.createSession();
        Participant alice = server.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing().metadata("alice"));
        Archive started = openVidu.startRecording(session.getSessionId());
        long t0 = System.nanoTime();

        // Each layout lasts 1.5 s of wall-clock time: the recording is real-time, so time passing is the point here.
        Thread.sleep(1500);
        Participant bob = server.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing().metadata("bob"));
        Thread.sleep(1500);
        Participant carol = server.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing().metadata("carol"));
        Thread.sleep(1500);
        bob.leave();
        Thread.sleep(1500);
        Archive stopped = openVidu.stopRecording(started.getId());
        double wallSeconds = (System.nanoTime() - t0) / 1e9;

        assertThat(stopped.getStatus()).isEqualTo(Archive.Status.stopped);
        Path file = server.recording(started.getId()).orElseThrow().file();
        MediaInfo info = Mp4Probe.probe(file);
        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(info.audioCodec()).isEqualTo("aac");
        assertThat(info.width()).isEqualTo(WIDTH);
        assertThat(stopped.getDuration()).isCloseTo(wallSeconds, org.assertj.core.data.Offset.offset(0.5));
        assertThat(stopped.getSize()).isEqualTo(info.sizeBytes());

        assertTiles(file, 0.75, alice);
        assertTiles(file, 2.25, alice, bob);
        assertTiles(file, 3.75, alice, bob, carol);
        assertTiles(file, 5.25, alice, carol);
    }

    @Test
    void anAlwaysSessionIsRecordedFromTheFirstPublishUntilTheLastParticipantLeaves() throws Exception {
        Session session = openVidu.createSession(new SessionProperties.Builder().archiveMode(ArchiveMode.ALWAYS).build());
        Participant alice = server.join(session.getSessionId(), session.generateToken());
        assertThat(server.activeRecordingOf(session.getSessionId())).as("recorded before anyone publishes").isEmpty();
        alice.publish();
        StubRecording recording = awaitRecorded(session.getSessionId());
        alice.unpublish();
        assertThat(server.recording(recording.id()).orElseThrow().status()).as("after unpublish").isEqualTo(StubRecording.Status.STARTED);
        alice.leave();

        StubRecording done = awaitStatus(recording.id(), "stopped");
        assertThat(done.duration()).isGreaterThan(0.0);
        assertThat(openVidu.getRecording(recording.id()).getStatus()).isEqualTo(Archive.Status.stopped);
        assertThat(Mp4Probe.probe(done.file()).videoCodec()).isEqualTo("h264");
    }

    @Test
    void anInsecureSessionIsRecordedAutomatically() throws Exception {
        Participant guest = server.joinInsecure("insecure-room", JoinOptions.publishing().metadata("guest"));
        StubRecording recording = awaitRecorded(guest.sessionId());
        assertThat(recording.id()).startsWith("insecure-room");
        guest.leave();
        StubRecording done = awaitStatus(recording.id(), "stopped");
        assertThat(Mp4Probe.probe(done.file()).hasAudio()).isTrue();
    }

    @Test
    void stoppingARecordingThatIsStillStartingAnswers406() throws Exception {
        Session session = openVidu.createSession();
        server.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing());
        CompletableFuture<Archive> start = CompletableFuture.supplyAsync(() -> openVidu.startRecording(session.getSessionId()));
        String id = awaitActiveId(session.getSessionId());
        assertThat(server.recording(id).orElseThrow().status()).isEqualTo(StubRecording.Status.STARTING);

        assertThatThrownBy(() -> openVidu.stopRecording(id))
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(406));

        assertThat(start.get(30, TimeUnit.SECONDS).getStatus()).isEqualTo(Archive.Status.started);
        assertThat(openVidu.stopRecording(id).getStatus()).isEqualTo(Archive.Status.stopped);
    }

    @Test
    void aRecorderThatDiesFailsItsRecordingAndTheSessionKeepsWorking() throws Exception {
        Session session = openVidu.createSession();
        server.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing());
        Archive first = openVidu.startRecording(session.getSessionId());

        assertThat(server.faults().killRecorder(first.getId())).isTrue();

        assertThat(awaitStatus(first.getId(), "failed").status()).isEqualTo(StubRecording.Status.FAILED);
        assertThat(openVidu.getRecording(first.getId()).getStatus()).isEqualTo(Archive.Status.failed);
        Participant late = server.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing());
        assertThat(late.isPublishing()).isTrue();
        Archive second = openVidu.startRecording(session.getSessionId());
        assertThat(second.getId()).isEqualTo(first.getId() + "-1");
        assertThat(openVidu.stopRecording(second.getId()).getStatus()).isEqualTo(Archive.Status.stopped);
    }

    private static void assertTiles(Path file, double seconds, Participant... publishers) throws Exception {
        BufferedImage picture = pictureAt(file, seconds);
        List<GridLayout.Rect> tiles = GridLayout.bestFit(publishers.length, WIDTH, HEIGHT);
        for (int i = 0; i < publishers.length; i++) {
            GridLayout.Rect tile = tiles.get(i);
            int expected = TileColors.colorFor(publishers[i].id());
            int actual = picture.getRGB(tile.centerX(), tile.centerY()) & 0xFFFFFF;
            assertThat(Mp4Frames.colorDistance(actual, expected))
                    .as("at %.2f s, tile %d of %d (%s): expected #%06x, got #%06x", seconds, i + 1, publishers.length,
                            publishers[i].id(), expected, actual)
                    .isLessThanOrEqualTo(16);
        }
        if (publishers.length == 3) {
            // 2x2 grid with the last row centred: the bottom-left corner is letterbox.
            assertThat(Mp4Frames.colorDistance(picture.getRGB(4, HEIGHT - 4) & 0xFFFFFF, 0)).as("letterbox at %.2f s", seconds).isLessThanOrEqualTo(24);
        }
    }

    private static BufferedImage pictureAt(Path file, double seconds) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            grabber.setTimestamp((long) (seconds * 1_000_000));
            Frame frame = grabber.grabImage();
            assertThat(frame).as("a picture at %.2f s", seconds).isNotNull();
            BufferedImage image = converter.convert(frame);
            BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            copy.getGraphics().drawImage(image, 0, 0, null);
            return copy;
        }
    }

    private static String awaitActiveId(String sessionId) throws InterruptedException {
        return Await.until("session " + sessionId + " to get a recording", () -> server.activeRecordingOf(sessionId),
                java.util.Optional::isPresent, WAIT).get();
    }

    private static StubRecording awaitRecorded(String sessionId) throws InterruptedException {
        return awaitStatus(awaitActiveId(sessionId), "started");
    }

    private static StubRecording awaitStatus(String id, String status) throws InterruptedException {
        return Await.until("recording " + id + " to be " + status, () -> server.recording(id).orElse(null),
                r -> r != null && r.status().wireName().equals(status), WAIT);
    }

    private static List<ProcessHandle> recorderProcesses() {
        List<ProcessHandle> out = new ArrayList<>();
        ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("RecorderMain"))
                .forEach(out::add);
        return out;
    }
}
