package dev.ovstub.server;

import static dev.ovstub.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ovstub.server.internal.recorder.IndividualManifest;
import dev.ovstub.server.testing.Await;
import dev.ovstub.server.testing.Decoded;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2.x INDIVIDUAL and audio-only recordings from end to end: the 2.x REST API of the embedded server, its default
 * runtime (real recorders in child JVMs) and the files downloaded from it, decoded here.
 */
class OpenVidu2RecordingFilesTest {
    private static final String API = "/openvidu/api";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path folder;
    @TempDir
    static Path downloads;
    static OpenViduServerStub server;
    static Api api;

    @BeforeAll
    static void start() {
        server = OpenViduServerStub.builder().recording(true).recordingPath(folder).start();
        api = new Api(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String session() {
        Api.Resp r = api.post(API + "/sessions", null);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json().get("id").asText();
    }

    /** A connection with this server data, joined by a publishing simulated participant; answers its id. */
    static String publisher(String session, String serverData, String clientData) {
        Api.Resp c = api.post(API + "/sessions/" + session + "/connection", obj("data", serverData));
        assertThat(c.status()).as("%s", c).isEqualTo(200);
        Api.Resp j = api.post("/stub/participants", obj("session", session, "token", c.json().get("token").asText(),
                "publish", true, "metadata", clientData));
        assertThat(j.status()).as("%s", j).isEqualTo(200);
        return j.json().get("id").asText();
    }

    /** The stream id the 2.x API shows for this connection while it publishes. */
    static String streamId(String session, String connectionId) {
        JsonNode c = api.get(API + "/sessions/" + session + "/connection/" + connectionId).json();
        return c.at("/publishers/0/streamId").asText();
    }

    /** Waits until the recorder writes the file of this stream: it has seen it published. */
    static void awaitStreamFile(String recordingId, String streamId) {
        Path file = folder.resolve(recordingId).resolve(streamId + ".webm");
        Await.await(() -> {
            try {
                return Files.size(file) > 0;
            } catch (java.io.IOException e) {
                return false;
            }
        }, WAIT, "the recorder writing " + file.getFileName());
    }

    /** Real time must pass for a publish window to last: waits until {@code millis} have passed since {@code t0}. */
    static void awaitElapsed(long t0, long millis) {
        Await.await(() -> System.nanoTime() - t0 >= millis * 1_000_000L, WAIT, millis + " ms of recording");
    }

    static Path download(String id, String file) throws Exception {
        Api.Resp r = api.get("/openvidu/recordings/" + id + "/" + file);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        Path out = Files.createDirectories(downloads.resolve(id.replace('~', '_'))).resolve(file);
        Files.write(out, r.bytes());
        return out;
    }

    static long ms(long nanos) {
        return nanos / 1_000_000L;
    }

    @Test
    void anIndividualRecordingStoppedRightAfterItsStartHoldsTheStreamPublishedAtItsStart() throws Exception {
        String s = session();
        publisher(s, "server-carol", "carol");
        api.post(API + "/recordings/start", obj("session", s, "name", "quick", "outputMode", "INDIVIDUAL",
                "resolution", "320x180"));

        JsonNode stopped = api.post(API + "/recordings/stop/" + s, null).json();

        assertThat(stopped.get("status").asText()).isEqualTo("ready");
        IndividualManifest m = IndividualManifest.readArchive(download(s, "quick.zip"), "quick");
        assertThat(m.files()).hasSize(1);
        assertThat(m.files().get(0).size()).as("the stream holds media").isPositive();
        assertThat(stopped.get("size").asLong()).isEqualTo(m.totalSize());
    }

    @Test
    void anIndividualRecordingIsAZipOfOneFilePerPublishedStreamWithTheManifestOfThe2xContract() throws Exception {
        String s = session();
        String alice = publisher(s, "server-alice", "alice");
        String aliceStream = streamId(s, alice);

        Api.Resp started = api.post(API + "/recordings/start", obj("session", s, "name", "standup",
                "outputMode", "INDIVIDUAL", "resolution", "320x180", "frameRate", 25));
        long tStarted = System.nanoTime();
        assertThat(started.status()).as("%s", started).isEqualTo(200);
        String id = started.json().get("id").asText();
        assertThat(started.json().get("outputMode").asText()).isEqualTo("INDIVIDUAL");
        awaitStreamFile(id, aliceStream);
        awaitElapsed(tStarted, 1000);
        String bob = publisher(s, "server-bob", "bob");
        long tBob = System.nanoTime();
        String bobStream = streamId(s, bob);
        awaitStreamFile(id, bobStream);
        awaitElapsed(tBob, 1500);
        api.unpublish(alice);
        long tAliceOff = System.nanoTime();
        awaitElapsed(tAliceOff, 1000);
        JsonNode stopped = api.post(API + "/recordings/stop/" + id, null).json();
        long tStop = System.nanoTime();

        assertThat(stopped.get("status").asText()).isEqualTo("ready");
        assertThat(stopped.get("url").asText()).isEqualTo(server.baseUrl() + "/openvidu/recordings/" + id + "/standup.zip");
        Path zip = download(id, "standup.zip");
        IndividualManifest m = IndividualManifest.readArchive(zip, "standup");
        assertThat(m.recording().id()).isEqualTo(id);
        assertThat(m.recording().name()).isEqualTo("standup");
        assertThat(m.recording().sessionId()).isEqualTo(s);
        assertThat(m.recording().createdAt()).isEqualTo(stopped.get("createdAt").asLong());
        assertThat(m.files()).hasSize(2);
        IndividualManifest.StreamFile a = m.files().get(0);
        IndividualManifest.StreamFile b = m.files().get(1);
        assertThat(a.name()).isEqualTo(aliceStream + ".webm");
        assertThat(a.connectionId()).isEqualTo(alice);
        assertThat(a.streamId()).isEqualTo(aliceStream);
        assertThat(a.clientData()).isEqualTo("alice");
        assertThat(a.serverData()).isEqualTo("server-alice");
        assertThat(a.typeOfVideo()).isEqualTo("CAMERA");
        assertThat(a.hasAudio() && a.hasVideo()).isTrue();
        assertThat(b.streamId()).isEqualTo(bobStream);
        assertThat(b.serverData()).isEqualTo("server-bob");
        assertThat(stopped.get("size").asLong()).as("the sum of the stream files").isEqualTo(m.totalSize())
                .isEqualTo(a.size() + b.size());
        assertThat(stopped.get("duration").asDouble()).isEqualTo(m.durationSeconds());

        // Offsets follow the publish windows as this test saw them. Each offset lags its event by the recorder's
        // poll (40 ms) and one frame (40 ms) at most; the recording's start is between the start's request and answer.
        System.out.printf("INDIVIDUAL windows (ms): bob starts %d after the start's answer, manifest %d; alice ends %d"
                        + " after bob's join, manifest %d; the stop %d after alice's end, manifest %d%n",
                ms(tBob - tStarted), b.startTimeOffset() - a.startTimeOffset(), ms(tAliceOff - tBob),
                a.endTimeOffset() - b.startTimeOffset(), ms(tStop - tAliceOff), b.endTimeOffset() - a.endTimeOffset());
        // Published before the start: its file begins with the recorder's first layout state from the server (the
        // start answers once that is drawn), at most a poll and a frame after the recording's own start.
        assertThat(a.startTimeOffset()).isBetween(0L, 120L);
        long tolerance = 200;
        assertThat(b.startTimeOffset() - a.startTimeOffset()).as("bob's start")
                .isBetween(ms(tBob - tStarted) - tolerance, ms(tBob - tStarted) + 500 + tolerance);
        assertThat(a.endTimeOffset() - b.startTimeOffset()).as("alice's end after bob's start")
                .isCloseTo(ms(tAliceOff - tBob), within(tolerance));
        assertThat(b.endTimeOffset() - a.endTimeOffset()).as("the stop after alice's end")
                .isBetween(ms(tStop - tAliceOff) - 500 - tolerance, ms(tStop - tAliceOff) + tolerance);

        Map<String, Path> files = new HashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                Path f = zip.resolveSibling(e.getName());
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, f);
                }
                files.put(e.getName(), f);
            }
        }
        assertThat(files).containsOnlyKeys("standup.json", a.name(), b.name());
        for (IndividualManifest.StreamFile f : m.files()) {
            double window = (f.endTimeOffset() - f.startTimeOffset()) / 1000.0;
            Decoded d = Decoded.of(files.get(f.name()));
            assertThat(d.videoCodec()).isEqualTo("vp8");
            assertThat(d.audioCodec()).isEqualTo("opus");
            assertThat(Decoded.ffprobeDuration(files.get(f.name()))).as(f.name()).isCloseTo(window, within(0.08));
            assertThat(d.audioSeconds()).as(f.name()).isCloseTo(window, within(0.08));
        }
        try (var left = Files.list(folder.resolve(id))) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".webm")))
                    .as("the stream files are in the archive only").isEmpty();
        }
    }

    @Test
    void anAudioOnlyRecordingIsAWebmOfTheMixedAudio() throws Exception {
        String s = session();
        publisher(s, "", "carol");
        publisher(s, "", "dave");

        Api.Resp started = api.post(API + "/recordings/start", obj("session", s, "name", "voice", "hasVideo", false));
        long t0 = System.nanoTime();
        assertThat(started.status()).as("%s", started).isEqualTo(200);
        String id = started.json().get("id").asText();
        awaitElapsed(t0, 1500);
        JsonNode stopped = api.post(API + "/recordings/stop/" + id, null).json();
        double wall = (System.nanoTime() - t0) / 1e9;

        assertThat(stopped.get("status").asText()).isEqualTo("ready");
        assertThat(stopped.get("hasAudio").asBoolean()).isTrue();
        assertThat(stopped.get("hasVideo").asBoolean()).isFalse();
        assertThat(stopped.get("url").asText()).endsWith("/openvidu/recordings/" + id + "/voice.webm");
        Path webm = download(id, "voice.webm");
        assertThat(Decoded.streamTypes(webm)).containsExactly("audio");
        assertThat(Decoded.of(webm).audioCodec()).isEqualTo("opus");
        assertThat(stopped.get("size").asLong()).isEqualTo(Files.size(webm));
        assertThat(stopped.get("duration").asDouble()).isCloseTo(Decoded.ffprobeDuration(webm), within(0.05))
                .isCloseTo(wall, within(0.5));
    }
}
