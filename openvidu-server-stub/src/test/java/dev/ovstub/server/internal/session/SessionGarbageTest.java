package dev.ovstub.server.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Sessions nobody joins are forgotten after the garbage threshold, checked once per interval, on a test clock. */
class SessionGarbageTest {
    private static final Duration THRESHOLD = Duration.ofSeconds(3600);
    private static final Duration INTERVAL = Duration.ofSeconds(900);

    private final AtomicLong now = new AtomicLong();
    private final SessionManager sessions = new SessionManager("ws://localhost:1", "SECRET", null,
            new SessionGarbage(THRESHOLD, INTERVAL), now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private String newSession() {
        return sessions.createSession(MediaMode.ROUTED, ArchiveMode.MANUAL, ArchiveLayout.BEST_FIT).id();
    }

    @Test
    void aSessionNobodyJoinsIsForgottenWithItsTokensOnceOlderThanTheThreshold() {
        String session = newSession();
        String token = sessions.createToken(session, Role.PUBLISHER, "").token();

        advance(THRESHOLD.plus(INTERVAL));

        assertThatThrownBy(() -> sessions.createToken(session, Role.PUBLISHER, ""))
                .isInstanceOf(SessionException.class).hasMessageContaining("no session with id " + session);
        assertThatThrownBy(() -> sessions.joinWithToken(session, token, null, null, false))
                .isInstanceOf(SessionException.class).hasMessageContaining("no session with id " + session);
        assertThat(sessions.knownSessions()).isZero();
    }

    @Test
    void aSessionSomebodyJoinedIsKeptHoweverOld() {
        String session = newSession();
        sessions.joinWithToken(session, sessions.createToken(session, Role.PUBLISHER, "").token(), null, null, false);

        advance(THRESHOLD.plus(INTERVAL).multipliedBy(2));

        assertThat(sessions.createToken(session, Role.PUBLISHER, "").sessionId()).isEqualTo(session);
    }

    @Test
    void aYoungerSessionIsKeptWhileAnOlderOneIsForgotten() {
        String old = newSession();
        advance(THRESHOLD.minus(Duration.ofSeconds(1)));
        String young = newSession();

        advance(INTERVAL);

        assertThat(sessions.createToken(young, Role.SUBSCRIBER, "").sessionId()).isEqualTo(young);
        assertThatThrownBy(() -> sessions.createToken(old, Role.SUBSCRIBER, "")).isInstanceOf(SessionException.class);
    }

    @Test
    void expiryIsCheckedAtMostOncePerInterval() {
        SessionManager rare = new SessionManager("ws://localhost:1", "SECRET", null,
                new SessionGarbage(Duration.ofSeconds(10), Duration.ofSeconds(60)), now::get);
        String session = rare.createSession(MediaMode.ROUTED, ArchiveMode.MANUAL, ArchiveLayout.BEST_FIT).id();

        advance(Duration.ofSeconds(30));
        assertThat(rare.createToken(session, Role.PUBLISHER, "").sessionId()).as("expired, but no sweep is due yet")
                .isEqualTo(session);

        advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> rare.createToken(session, Role.PUBLISHER, "")).isInstanceOf(SessionException.class);
    }

    @Test
    void anIntervalOfZeroKeepsEverySessionForever() {
        SessionManager keeping = new SessionManager("ws://localhost:1", "SECRET", null,
                new SessionGarbage(Duration.ofSeconds(1), Duration.ZERO), now::get);
        String session = keeping.createSession(MediaMode.ROUTED, ArchiveMode.MANUAL, ArchiveLayout.BEST_FIT).id();

        advance(Duration.ofDays(365));

        assertThat(keeping.createToken(session, Role.PUBLISHER, "").sessionId()).isEqualTo(session);
    }

    @Test
    void aHundredThousandSessionsNobodyJoinedDoNotStayInMemory() {
        for (int i = 0; i < 100_000; i++) {
            newSession();
        }
        assertThat(sessions.knownSessions()).isEqualTo(100_000);

        advance(THRESHOLD.plus(INTERVAL));
        String fresh = newSession();

        assertThat(sessions.knownSessions()).isEqualTo(1);
        assertThat(sessions.sessions()).extracting(v -> v.spec().id()).containsExactly(fresh);
    }
}
