package dev.ovstub.server.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The 2.x connections nobody has joined with yet, found by their tokens in every form a client presents them. */
class PendingConnectionsTest {
    private static final String WS = "wss://localhost:4443";
    private final PendingConnections book = new PendingConnections();

    private static SessionSpec session(String id) {
        return new SessionSpec(id, id, MediaMode.ROUTED, ArchiveMode.MANUAL, ArchiveLayout.BEST_FIT, false);
    }

    private PendingConnection create(String sessionId) {
        return book.create(session(sessionId), WS, 1_700_000_000_000L, ConnectionOptions.of(Role.PUBLISHER, ""), id -> false);
    }

    @Test
    void aNewConnectionHasATokenUrlOfItsSessionAndIsFoundByThatUrlOrItsBareKey() {
        PendingConnection c = create("ses_A");

        assertThat(c.connectionId()).startsWith("con_");
        assertThat(c.tokenKey()).startsWith("tok_");
        assertThat(c.tokenUrl()).isEqualTo(WS + "?sessionId=ses_A&token=" + c.tokenKey());
        assertThat(book.ofToken(c.tokenUrl(), "ses_A")).isEqualTo(c);
        assertThat(book.ofToken(c.tokenKey(), "ses_A")).isEqualTo(c);
        assertThat(book.ofToken(c.tokenUrl() + "&edition=ce", "ses_A")).as("a parameter after the token").isEqualTo(c);
        assertThat(book.get("ses_A", c.connectionId())).isEqualTo(c);
    }

    @Test
    void aTokenIsNotFoundForAnotherSessionNorInAnotherParameterNorWhenAbsent() {
        PendingConnection c = create("ses_A");

        assertThat(book.ofToken(c.tokenUrl(), "ses_B")).isNull();
        assertThat(book.get("ses_B", c.connectionId())).isNull();
        assertThat(book.ofToken(WS + "?sessionId=ses_A&notatoken=" + c.tokenKey(), "ses_A")).isNull();
        assertThat(book.ofToken("tok_unknown", "ses_A")).isNull();
        assertThat(book.ofToken(null, "ses_A")).isNull();
        assertThat(PendingConnections.tokenKey("anything else")).isNull();
    }

    @Test
    void aRemovedConnectionIsFoundNeitherByItsIdNorByItsToken() {
        PendingConnection c = create("ses_A");

        book.remove(c);

        assertThat(book.get("ses_A", c.connectionId())).isNull();
        assertThat(book.ofToken(c.tokenUrl(), "ses_A")).isNull();
    }

    @Test
    void forgettingSessionsForgetsTheirConnectionsAndTokensAndKeepsTheOthersInCreationOrder() {
        PendingConnection a1 = create("ses_A");
        PendingConnection b = create("ses_B");
        PendingConnection a2 = create("ses_A");
        PendingConnection c = create("ses_C");

        book.forgetSessions(Set.of("ses_A", "ses_C")::contains);

        assertThat(book.ofSession("ses_A")).isEmpty();
        assertThat(book.ofToken(a1.tokenKey(), "ses_A")).isNull();
        assertThat(book.ofToken(a2.tokenKey(), "ses_A")).isNull();
        assertThat(book.ofToken(c.tokenKey(), "ses_C")).isNull();
        assertThat(book.ofSession("ses_B")).containsExactly(b);
        PendingConnection b2 = create("ses_B");
        assertThat(book.ofSession("ses_B")).containsExactly(b, b2);
    }

    @Test
    void anIdALiveParticipantHoldsIsSkippedForAFreshOne() {
        java.util.List<String> asked = new java.util.ArrayList<>();

        PendingConnection c = book.create(session("ses_A"), WS, 0, ConnectionOptions.of(Role.PUBLISHER, ""), id -> {
            asked.add(id);
            return asked.size() <= 3; // the first three candidates belong to participants
        });

        assertThat(asked).hasSize(4).doesNotHaveDuplicates();
        assertThat(c.connectionId()).isEqualTo(asked.get(3));
    }
}
