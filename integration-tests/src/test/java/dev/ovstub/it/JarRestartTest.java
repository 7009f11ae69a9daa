package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ovstub.it.flows.StubHttp;
import dev.ovstub.it.support.Clients;
import dev.ovstub.it.support.JarServer;
import dev.ovstub.it.support.Mp4;
import dev.ovstub.it.support.RecordingChecks;
import io.openvidu.java.client.Archive;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduNotFoundException;
import io.openvidu.java.client.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recordings live in the folder: they survive a restart of the jar, and deleting one removes its files. */
class JarRestartTest {
    @TempDir
    Path folder;

    JarServer jar;
    OpenVidu openVidu;
    StubHttp stub;

    @BeforeEach
    void startJar() {
        jar = JarServer.builder().recording(folder).start();
        connect();
    }

    private void connect() {
        if (openVidu != null) {
            openVidu.close();
        }
        openVidu = Clients.ourClient(jar.baseUrl(), jar.secret());
        stub = new StubHttp(jar.baseUrl(), jar.secret());
    }

    private void restart() {
        jar.restart();
        connect();
    }

    @AfterEach
    void stopJar() {
        if (openVidu != null) {
            openVidu.close();
        }
        jar.close();
    }

    private Archive startManualRecording() {
        Session session = openVidu.createSession();
        stub.join(session.getSessionId(), session.generateToken(), true, null);
        return openVidu.startRecording(session.getSessionId());
    }

    @Test
    void recordingsSurviveARestartOfTheJarOnTheSameFolder() throws Exception {
        Archive started = startManualRecording();
        Thread.sleep(1000); // recorded time
        Archive stopped = openVidu.stopRecording(started.getId());

        restart();

        assertThat(openVidu.listRecordings()).containsExactly(stopped);
        assertThat(openVidu.getRecording(stopped.getId())).isEqualTo(stopped);
        StubHttp.Response file = stub.get("/recordings/" + stopped.getId() + ".mp4", true);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.body()).hasSize((int) stopped.getSize());
    }

    @Test
    void deletingARecordingRemovesItsFilesAndItStaysGoneAfterARestart() throws Exception {
        Archive started = startManualRecording();
        Thread.sleep(1000); // recorded time
        Archive stopped = openVidu.stopRecording(started.getId());
        assertThat(folder.resolve(stopped.getId() + ".mp4")).isRegularFile();

        openVidu.deleteRecording(stopped.getId());

        try (var files = java.nio.file.Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no file of recording %s is left", stopped.getId())
                    .noneMatch(n -> n.contains(stopped.getId()));
        }
        assertThatThrownBy(() -> openVidu.getRecording(stopped.getId())).isInstanceOf(OpenViduNotFoundException.class);
        assertThat(stub.get("/recordings/" + stopped.getId() + ".mp4", true).status()).isEqualTo(404);
        restart();
        assertThat(openVidu.listRecordings()).isEmpty();
    }

    @Test
    void aRecordingActiveWhenTheJarIsTerminatedIsFinishedAndListedAfterTheRestart() throws Exception {
        Archive started = startManualRecording();
        Thread.sleep(1500); // recorded time

        restart(); // SIGTERM while recording

        Archive after = openVidu.getRecording(started.getId());
        assertThat(after.getStatus()).as(jar.output()).isEqualTo(Archive.Status.stopped);
        assertThat(after.getSize()).isPositive();
        assertThat(after.getDuration()).isGreaterThan(1.0);
        RecordingChecks.assertH264Aac(folder.resolve(after.getId() + ".mp4"), 640, 360, after.getDuration(), 0.1);
        assertThat(after.getDuration()).isCloseTo(1.5, within(1.0));
        assertThat(openVidu.listRecordings()).extracting(Archive::getId).containsExactly(started.getId());
        assertThat(after.getCreatedAt()).isEqualTo(started.getCreatedAt());
    }

    @Test
    void aJarKilledWhileRecordingLeavesNoRecorderBehindAndItsFinishedFileIsRecoveredAsStoppedAfterRestart()
            throws Exception {
        Archive started = startManualRecording();
        Thread.sleep(1000); // recorded time

        List<ProcessHandle> recorders = jar.crash();

        assertThat(recorders).as("the embedded runtime runs its recorder in a child process").isNotEmpty();
        for (ProcessHandle recorder : recorders) {
            assertThat(recorder.onExit().get(30, TimeUnit.SECONDS).isAlive()).as("recorder %d exits by itself",
                    recorder.pid()).isFalse();
        }
        jar.start();
        connect();
        Archive after = openVidu.getRecording(started.getId());
        Path file = folder.resolve(started.getId() + ".mp4");
        assertThat(file).as("the file is kept").isRegularFile();
        Mp4.Info info = Mp4.probe(file);
        assertThat(info.isH264()).as("the orphaned recorder finished a playable file: %s", info).isTrue();
        assertThat(info.durationSeconds()).as("the orphaned recorder finished a playable file").isGreaterThan(0.5);
        assertThat(after.getStatus()).as("a finished, playable file is recovered, not failed")
                .isEqualTo(Archive.Status.stopped);
        assertThat(after.getSize()).isEqualTo(Files.size(file));
        assertThat(after.getDuration()).isCloseTo(info.durationSeconds(), within(0.2));
        assertThat(stub.get("/recordings/" + started.getId() + ".mp4", true).status()).isEqualTo(200);
    }
}
