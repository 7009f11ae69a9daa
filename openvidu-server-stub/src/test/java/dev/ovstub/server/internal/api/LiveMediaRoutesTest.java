package dev.ovstub.server.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

/** Who counts as on the server's machine, and so is told the media worker's own URL rather than the proxy's. */
class LiveMediaRoutesTest {
    private static final HttpFields NONE = HttpFields.build();

    @Test
    void aLoopbackPeerIsOnThisMachine() {
        assertThat(LiveMediaRoutes.isOnThisMachine("127.0.0.1", NONE)).isTrue();
        assertThat(LiveMediaRoutes.isOnThisMachine("127.0.3.9", NONE)).isTrue();
        assertThat(LiveMediaRoutes.isOnThisMachine("::1", NONE)).isTrue();
    }

    @Test
    void anyOtherPeerIsElsewhere() {
        assertThat(LiveMediaRoutes.isOnThisMachine("10.200.0.2", NONE)).isFalse();
        assertThat(LiveMediaRoutes.isOnThisMachine("203.0.113.7", NONE)).isFalse();
        assertThat(LiveMediaRoutes.isOnThisMachine("fd00::2", NONE)).isFalse();
    }

    @Test
    void aRequestAReverseProxyPassedOnOverLoopbackIsFromElsewhere() {
        assertThat(LiveMediaRoutes.isOnThisMachine("127.0.0.1", HttpFields.build().add("X-Forwarded-For", "203.0.113.7")))
                .isFalse();
        assertThat(LiveMediaRoutes.isOnThisMachine("127.0.0.1", HttpFields.build().add("Forwarded", "for=203.0.113.7;proto=https")))
                .isFalse();
    }

    @Test
    void aPeerElsewhereCannotClaimToBeLocalWithAForwardingHeader() {
        assertThat(LiveMediaRoutes.isOnThisMachine("10.200.0.2", HttpFields.build().add("X-Forwarded-For", "127.0.0.1")))
                .isFalse();
        assertThat(LiveMediaRoutes.isOnThisMachine("10.200.0.2", HttpFields.build().add("Forwarded", "for=127.0.0.1")))
                .isFalse();
    }
}
