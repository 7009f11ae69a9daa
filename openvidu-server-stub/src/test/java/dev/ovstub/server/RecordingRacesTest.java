package dev.ovstub.server;

import static dev.ovstub.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The state machine under many threads: one start wins, one stop wins, ids never collide. */
class RecordingRacesTest extends StubTestSupport {
    private static final int THREADS = 16;
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Runs every task at once (released together) and returns their results in order. */
    private <T> List<T> allAtOnce(List<Callable<T>> tasks) throws Exception {
        CountDownLatch ready = new CountDownLatch(tasks.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return task.call();
            }));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get(30, TimeUnit.SECONDS));
        }
        return out;
    }

    private static <T> List<Callable<T>> times(int n, Callable<T> task) {
        List<Callable<T>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(task);
        }
        return tasks;
    }

    private static Map<Integer, Long> countByStatus(List<Api.Resp> answers) {
        return answers.stream().collect(Collectors.groupingBy(Api.Resp::status, Collectors.counting()));
    }

    @Test
    void sixteenSimultaneousStartsOfOneSessionGiveExactlyOne200AndFifteen409s() throws Exception {
        Api api = new Api(recordingServer());
        String session = api.manualSession();
        api.join(session, true);

        List<Api.Resp> answers = allAtOnce(times(THREADS, () -> api.startRecording(session)));

        assertThat(countByStatus(answers)).as("%s", answers).containsOnly(Map.entry(200, 1L), Map.entry(409, 15L));
        assertThat(recorders.launches()).hasSize(1);
        assertThat(api.get("/api/recordings").json().get("count").asInt()).isEqualTo(1);
        String id = answers.stream().filter(r -> r.status() == 200).findFirst().orElseThrow().json().get("id").asText();
        assertThat(api.recordingStatus(id)).isEqualTo("started");
    }

    @Test
    void simultaneousStopsOfOneRecordingGiveExactlyOne200() throws Exception {
        Api api = new Api(recordingServer());
        String session = api.manualSession();
        api.join(session, true);
        String id = api.record(session).get("id").asText();

        List<Api.Resp> answers = allAtOnce(times(THREADS, () -> api.stopRecording(id)));

        Map<Integer, Long> counts = countByStatus(answers);
        assertThat(counts.get(200)).as("%s", answers).isEqualTo(1L);
        assertThat(counts.keySet()).as("the others: already stopped or being stopped (404, as in 1.8)").isSubsetOf(200, 404);
        assertThat(api.recordingStatus(id)).isEqualTo("stopped");
    }

    @Test
    void manySessionsRecordedInParallelGetDistinctIdsAndFiles() throws Exception {
        // 12 at once: more than the default bound of openvidu.recording.max-concurrent on a small machine.
        OpenViduServerStub server = recordingServer(b -> b.maxConcurrentRecordings(12));
        Api api = new Api(server);
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String s = api.manualSession();
            api.join(s, true);
            sessions.add(s);
        }

        List<Callable<Api.Resp>> starts = new ArrayList<>();
        sessions.forEach(s -> starts.add(() -> api.startRecording(s)));
        List<Api.Resp> started = allAtOnce(starts);

        assertThat(started).allSatisfy(r -> assertThat(r.status()).as("%s", r).isEqualTo(200));
        List<String> ids = started.stream().map(r -> r.json().get("id").asText()).collect(Collectors.toList());
        assertThat(new HashSet<>(ids)).hasSize(12);
        assertThat(ids).containsExactlyElementsOf(sessions.stream().map(Api::shortId).collect(Collectors.toList()));
        List<Callable<Api.Resp>> stops = new ArrayList<>();
        ids.forEach(id -> stops.add(() -> api.stopRecording(id)));
        List<Api.Resp> stopped = allAtOnce(stops);
        assertThat(stopped).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("status").asText()).isEqualTo("stopped");
        });
        for (String id : ids) {
            assertThat(server.recordingPath().resolve(id + ".mp4")).exists();
        }
    }

    @Test
    void consecutiveRecordingsOfOneSessionStartedFromManyThreadsNeverReuseAnId() throws Exception {
        Api api = new Api(recordingServer());
        String session = api.manualSession();
        api.join(session, true);
        Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();

        // Every thread loops start/stop; starts collide with 409 and stops with 404/409, ids must stay unique.
        List<Api.Resp> last = allAtOnce(times(8, () -> {
            Api.Resp r = null;
            for (int i = 0; i < 4; i++) {
                r = api.startRecording(session);
                if (r.status() == 200) {
                    assertThat(ids.add(r.json().get("id").asText())).as("new id").isTrue();
                    api.stopRecording(r.json().get("id").asText());
                }
            }
            return r;
        }));

        assertThat(last).hasSize(8);
        assertThat(ids).isNotEmpty();
        assertThat(api.get("/api/recordings").json().get("count").asInt()).isEqualTo(ids.size());
        String base = Api.shortId(session);
        Set<String> expected = new HashSet<>();
        expected.add(base);
        for (int i = 1; i < ids.size(); i++) {
            expected.add(base + "-" + i);
        }
        assertThat(ids).isEqualTo(expected);
    }

    @Test
    void simultaneousFirstPublishesInAnAlwaysSessionStartOneRecording() throws Exception {
        Api api = new Api(recordingServer());
        String session = api.alwaysSession();
        List<String> participants = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            participants.add(api.join(session, false));
        }

        List<Callable<Api.Resp>> publishes = new ArrayList<>();
        participants.forEach(p -> publishes.add(() -> api.post("/stub/participants/" + p + "/publish", null)));
        List<Api.Resp> answers = allAtOnce(publishes);

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        api.awaitRecordingStatus(Api.shortId(session), "started");
        assertThat(recorders.launches()).hasSize(1);
        assertThat(api.get("/api/recordings").json().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void everyoneLeavingAnAlwaysSessionAtOnceStopsItsRecordingOnceAndClosesIt() throws Exception {
        Api api = new Api(recordingServer());
        String session = api.alwaysSession();
        String id = Api.shortId(session);
        List<String> participants = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            participants.add(api.join(session, true));
        }
        api.awaitRecordingStatus(id, "started");

        List<Callable<Api.Resp>> leaves = new ArrayList<>();
        participants.forEach(p -> leaves.add(() -> api.delete("/stub/participants/" + p)));
        List<Api.Resp> answers = allAtOnce(leaves);

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).isEqualTo(204));
        api.awaitRecordingStatus(id, "stopped");
        assertThat(api.stubSession(session)).isNull();
        assertThat(recorders.launches()).hasSize(1);
    }

    @Test
    void aTokenUsedByManyThreadsAtOnceLetsExactlyOneJoin() throws Exception {
        Api api = new Api(plainServer());
        String session = api.manualSession();
        String token = api.token(session, "PUBLISHER");

        List<Api.Resp> answers = allAtOnce(times(THREADS,
                () -> api.post("/stub/participants", obj("session", session, "token", token))));

        assertThat(countByStatus(answers)).containsOnly(Map.entry(200, 1L), Map.entry(401, 15L));
        assertThat(api.stubSession(session).get("participants")).hasSize(1);
    }

    @Test
    void manySessionsCreatedAtOnceGetDistinctIds() throws Exception {
        Api api = new Api(plainServer());

        List<Api.Resp> answers = allAtOnce(times(THREADS, () -> api.post("/api/sessions", null)));

        Set<String> ids = answers.stream().map(r -> r.json().get("id").asText()).collect(Collectors.toSet());
        assertThat(ids).hasSize(THREADS);
        assertThat(api.get("/stub/sessions").json().get("count").asInt()).isEqualTo(THREADS);
    }
}
