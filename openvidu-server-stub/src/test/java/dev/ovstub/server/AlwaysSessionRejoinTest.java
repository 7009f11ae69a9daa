package dev.ovstub.server;

import static dev.ovstub.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.testing.Await;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An ALWAYS session emptied and joined again at once, under the same name, is a new session: it is recorded
 * again, under the next free id, while the previous recording still finishes its file.
 */
class AlwaysSessionRejoinTest extends StubTestSupport {

    private String joinInsecure(Api api, OpenViduServerStub server, String name) {
        Api.Resp r = api.post("/stub/participants", obj("session", name, "secret", server.secret(), "publish", true));
        assertThat(r.status()).as("join %s: %s", name, r).isEqualTo(200);
        return r.json().get("id").asText();
    }

    @Test
    void anInsecureSessionRejoinedAtOnceAfterItsLastLeaveIsRecordedAgainWhileTheFirstRecordingFinishes() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        recorders.next(TestRecorders.Behaviour.WAITS_BEFORE_FINISHING);
        String first = joinInsecure(api, server, "daily");
        api.awaitRecordingStatus("daily", "started");

        api.leave(first);
        String second = joinInsecure(api, server, "daily");

        api.awaitRecordingStatus("daily-1", "started");
        assertThat(recorders.recorder("daily").stopWasRequested()).as("the first recording is being stopped").isTrue();
        recorders.recorder("daily").allowFinishing();
        assertThat(api.awaitRecordingStatus("daily", "stopped").get("size").asLong()).isPositive();
        assertThat(api.stubSession(server.sessionIdFor("daily")).get("recordingId").asText()).isEqualTo("daily-1");
        api.leave(second);
        api.awaitRecordingStatus("daily-1", "stopped");
        assertThat(api.stubSession(server.sessionIdFor("daily"))).isNull();
        Await.await(() -> recorders.runningCount() == 0, Duration.ofSeconds(5), "both recorders to exit");
    }

    @Test
    void aSessionLeftWhileItsRecordingStartsIsStoppedOnceStartedAndTheRejoinedSessionIsRecordedToo() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);
        recorders.next(TestRecorders.Behaviour.WAITS_BEFORE_WRITING);
        String first = joinInsecure(api, server, "standup");
        api.awaitRecordingStatus("standup", "starting");

        api.leave(first);
        String second = joinInsecure(api, server, "standup");

        api.awaitRecordingStatus("standup-1", "started");
        recorders.recorder("standup").allowWriting();
        api.awaitRecordingStatus("standup", "stopped");
        assertThat(api.recordingStatus("standup-1")).isEqualTo("started");
        api.leave(second);
        api.awaitRecordingStatus("standup-1", "stopped");
        Await.await(() -> recorders.runningCount() == 0, Duration.ofSeconds(5), "both recorders to exit");
    }

    @Test
    void anInsecureSessionLeftAndRejoinedManyTimesInARowThroughTheJavaApiGetsOneRecordingPerVisit() {
        OpenViduServerStub server = recordingServer();
        Api api = new Api(server);

        for (int i = 0; i < 5; i++) {
            Participant p = server.joinInsecure("loop", JoinOptions.publishing());
            String id = i == 0 ? "loop" : "loop-" + i;
            api.awaitRecordingStatus(id, "started");
            p.leave();
        }

        for (int i = 0; i < 5; i++) {
            api.awaitRecordingStatus(i == 0 ? "loop" : "loop-" + i, "stopped");
        }
        assertThat(recorders.launches()).hasSize(5);
    }
}
