package dev.ovstub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ovstub.it.flows.StubHttp;
import dev.ovstub.it.support.Clients;
import dev.ovstub.it.support.JarServer;
import dev.ovstub.it.support.RecordingChecks;
import io.openvidu.java.client.Archive;
import io.openvidu.java.client.ArchiveMode;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's flows with our client against the runnable jar, started as a user would (HTTPS with a self-signed
 * certificate, recording on, free access off), over real HTTP.
 */
class JarRecordingFlowsTest {
    @TempDir
    static Path folder;

    static JarServer jar;
    static OpenVidu openVidu;
    static StubHttp stub;
    static Clients.Flows flows;

    @BeforeAll
    static void startJar() {
        jar = JarServer.builder().recording(folder).start();
        openVidu = Clients.ourClient(jar.baseUrl(), jar.secret());
        stub = new StubHttp(jar.baseUrl(), jar.secret());
        flows = Clients.ours(openVidu, jar.baseUrl(), jar.secret());
    }

    @AfterAll
    static void stopJar() {
        if (openVidu != null) {
            openVidu.close();
        }
        if (jar != null) {
            jar.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aManualSessionIsRecordedFromStartToStopThroughOurClient() {
        Map<String, Object> r = flows.call("manual", 1.5);
        Map<String, Object> started = (Map<String, Object>) r.get("started");
        Map<String, Object> stopped = (Map<String, Object>) r.get("stopped");
        String sessionId = (String) r.get("sessionId");
        String id = (String) started.get("id");

        assertThat(sessionId).matches("wss://localhost:" + jar.port() + "/[a-z0-9]{16}");
        assertThat(id).isEqualTo(sessionId.substring(sessionId.lastIndexOf('/') + 1));
        assertThat(started).containsEntry("status", "started").containsEntry("size", 0L).containsEntry("url", null)
                .containsEntry("name", id).containsEntry("sessionId", sessionId);
        assertThat(stopped).containsEntry("status", "stopped").containsEntry("url", null)
                .containsEntry("hasAudio", true).containsEntry("hasVideo", true);
        assertThat((long) stopped.get("size")).isPositive();
        assertThat((double) stopped.get("duration")).as(r.toString())
                .isCloseTo((double) r.get("recordedSeconds"), within(0.5));
        assertThat(r.get("fetched")).isEqualTo(stopped);
        assertThat((List<String>) r.get("listedIds")).contains(id);
        assertThat(folder.resolve(id + ".mp4")).isRegularFile().hasSize((long) stopped.get("size"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAlwaysSessionIsRecordedFromTheFirstPublishUntilTheLastParticipantLeaves() {
        Map<String, Object> r = flows.call("always", 1.0);
        Map<String, Object> started = (Map<String, Object>) r.get("started");
        Map<String, Object> last = (Map<String, Object>) r.get("final");
        String sessionId = (String) r.get("sessionId");

        assertThat((List<String>) r.get("listedBeforePublish"))
                .as("nothing is recorded before the first publish")
                .doesNotContain(sessionId.substring(sessionId.lastIndexOf('/') + 1));
        assertThat(started).containsEntry("sessionId", sessionId).containsEntry("status", "started");
        assertThat((Map<String, Object>) r.get("afterUnpublish")).as("unpublishing does not stop it")
                .containsEntry("status", "started");
        assertThat((Map<String, Object>) r.get("afterFirstLeft")).as("one participant is still there")
                .containsEntry("status", "started");
        assertThat(last).containsEntry("id", started.get("id")).containsEntry("status", "stopped")
                .containsEntry("url", null);
        assertThat((long) last.get("size")).isPositive();
        assertThat((double) last.get("duration")).as(r.toString())
                .isLessThanOrEqualTo((double) r.get("recordedSeconds") + 0.5)
                .isGreaterThanOrEqualTo((double) r.get("seenStartedSeconds") - 0.5);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anInsecureSessionJoinedWithTheSecretIsRecordedAutomatically() {
        String name = "insecure" + System.nanoTime();

        Map<String, Object> r = flows.call("insecure", name, 1.0);

        assertThat(r.get("sessionId")).isEqualTo("wss://localhost:" + jar.port() + "/" + name);
        assertThat((Map<String, Object>) r.get("started")).containsEntry("id", name).containsEntry("status", "started");
        Map<String, Object> last = (Map<String, Object>) r.get("final");
        assertThat(last).containsEntry("status", "stopped");
        assertThat((long) last.get("size")).isPositive();
        assertThat(folder.resolve(name + ".mp4")).isRegularFile();
    }

    @Test
    @SuppressWarnings("unchecked")
    void startingARecordingOfASessionNobodyJoinedFailsWithOurTypedException() {
        Map<String, Object> r = flows.call("startWithoutParticipants");

        assertThat(r).doesNotContainKey("unexpected");
        assertThat((String) r.get("exception")).startsWith("io.openvidu.java.client.OpenVidu").endsWith("Exception");
    }

    /** One MANUAL recording of two publishers, checked from several sides. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ARecordingOfTwoPublishers {
        Archive archive;
        List<String> publishers;
        Path downloaded;

        @BeforeAll
        void record(@TempDir Path downloads) throws Exception {
            Session session = openVidu.createSession(new SessionProperties.Builder().archiveMode(ArchiveMode.MANUAL).build());
            String alice = stub.join(session.getSessionId(), session.generateToken(), true, "alice");
            String bob = stub.join(session.getSessionId(), session.generateToken(), true, "bob");
            publishers = List.of(alice, bob);
            Archive started = openVidu.startRecording(session.getSessionId());
            Thread.sleep(2000); // recorded time
            archive = openVidu.stopRecording(started.getId());
            stub.leave(alice);
            stub.leave(bob);
            StubHttp.Response file = stub.get("/recordings/" + archive.getId() + ".mp4", true);
            assertThat(file.status()).isEqualTo(200);
            downloaded = Files.write(downloads.resolve("downloaded.mp4"), file.body());
        }

        @Test
        void isStoppedWithoutAUrlWhenFreeAccessIsOff() {
            assertThat(archive.getStatus()).isEqualTo(Archive.Status.stopped);
            assertThat(archive.getUrl()).isNull();
            assertThat(archive.getSize()).isPositive();
        }

        @Test
        void itsFileIsRefusedWithoutCredentials() {
            StubHttp.Response r = stub.get("/recordings/" + archive.getId() + ".mp4", false);

            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).startsWith("Basic");
        }

        @Test
        void itsFileIsServedWithCredentialsAsVideoMp4WithByteRanges() {
            StubHttp.Response range = stub.get("/recordings/" + archive.getId() + ".mp4", true, "bytes=0-99");

            assertThat(downloaded).hasSize(archive.getSize());
            assertThat(range.status()).isEqualTo(206);
            assertThat(range.body()).hasSize(100);
            assertThat(range.header("Content-Type")).isEqualTo("video/mp4");
            assertThat(range.header("Content-Range")).isEqualTo("bytes 0-99/" + archive.getSize());
        }

        @Test
        void itsDownloadedFileDecodesAsH264AndAacLastingTheReportedDuration() throws Exception {
            RecordingChecks.assertH264Aac(downloaded, 640, 360, archive.getDuration(), 0.1);
            assertThat(archive.getDuration()).isCloseTo(2.0, within(0.5));
        }

        @Test
        void itsFramesShowTwoTilesSideBySideInThePublishersColours() throws Exception {
            RecordingChecks.assertTiles(downloaded, archive.getDuration() - 0.5, publishers);
        }
    }
}
