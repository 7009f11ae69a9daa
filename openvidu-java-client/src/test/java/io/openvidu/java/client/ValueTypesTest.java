package io.openvidu.java.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.openvidu.java.client.OpenViduException.Code;

/** Builders, defaults, argument checks, equality, and the 1.8 constants. */
class ValueTypesTest {

    @Test
    void sessionPropertiesDefaultToRoutedManualBestFit() {
        SessionProperties p = new SessionProperties.Builder().build();

        assertThat(p.mediaMode()).isEqualTo(MediaMode.ROUTED);
        assertThat(p.archiveMode()).isEqualTo(ArchiveMode.MANUAL);
        assertThat(p.archiveLayout()).isEqualTo(ArchiveLayout.BEST_FIT);
        assertThat(p).hasToString("SessionProperties[mediaMode=ROUTED, archiveMode=MANUAL, archiveLayout=BEST_FIT]");
    }

    @Test
    void sessionPropertiesBuilderRejectsNullEnumsNamingTheArgument() {
        SessionProperties.Builder b = new SessionProperties.Builder();

        assertThatThrownBy(() -> b.mediaMode(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mediaMode must not be null");
        assertThatThrownBy(() -> b.archiveMode(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("archiveMode must not be null");
        assertThatThrownBy(() -> b.archiveLayout(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("archiveLayout must not be null");
    }

    @Test
    void sessionPropertiesAreEqualWhenAllThreePropertiesAre() {
        SessionProperties a = new SessionProperties.Builder().archiveMode(ArchiveMode.ALWAYS).build();
        SessionProperties b = new SessionProperties.Builder().archiveMode(ArchiveMode.ALWAYS).build();
        SessionProperties c = new SessionProperties.Builder().archiveLayout(ArchiveLayout.PICTURE_IN_PICTURE).build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    }

    @Test
    void tokenOptionsDefaultToPublisherAndEmptyData() {
        TokenOptions t = new TokenOptions.Builder().build();

        assertThat(t.getRole()).isEqualTo(OpenViduRole.PUBLISHER);
        assertThat(t.getData()).isEmpty();
    }

    @Test
    void tokenOptionsBuilderRejectsNullRoleAndNullData() {
        assertThatThrownBy(() -> new TokenOptions.Builder().role(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("role must not be null");
        assertThatThrownBy(() -> new TokenOptions.Builder().data(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data must not be null");
    }

    @Test
    void tokenDataOfExactly1000CharactersIsAcceptedAnd1001Rejected() {
        assertThat(new TokenOptions.Builder().data("d".repeat(1000)).build().getData()).hasSize(1000);
        assertThatThrownBy(() -> new TokenOptions.Builder().data("d".repeat(1001)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data must be at most 1000 characters long, but has 1001");
    }

    @Test
    void tokenOptionsHaveValueEquality() {
        TokenOptions a = new TokenOptions.Builder().role(OpenViduRole.SUBSCRIBER).data("x").build();
        TokenOptions b = new TokenOptions.Builder().data("x").role(OpenViduRole.SUBSCRIBER).build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).hasToString("TokenOptions[role=SUBSCRIBER, data=x]");
        assertThat(a).isNotEqualTo(new TokenOptions.Builder().data("x").build());
    }

    @Test
    void archivesHaveValueEqualityOverEveryField() {
        Archive a = archive().build();
        Archive b = archive().build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(archive().size(2).build());
        assertThat(a).isNotEqualTo(archive().statusText("ready").build());
        assertThat(a.toString()).contains("id=abc", "size=1", "status=available");
        assertThat(archive().statusText("ready").build().toString()).contains("status=available (ready)");
    }

    @Test
    void theArchiveBuilderRequiresIdAndStatus() {
        assertThatThrownBy(() -> new Archive.Builder().status(Archive.Status.started).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("id must not be null");
        assertThatThrownBy(() -> new Archive.Builder().id("x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("status must not be null");
    }

    private static Archive.Builder archive() {
        return new Archive.Builder().id("abc").name("abc").sessionId("s").createdAt(1).size(1).duration(1.5)
                .url("u").hasAudio(true).hasVideo(true).status(Archive.Status.available);
    }

    @Test
    void theArchiveStatusConstantsAreThoseOf18InOrder() {
        assertThat(Archive.Status.values()).extracting(Enum::name)
                .containsExactly("starting", "started", "stopped", "available", "failed");
    }

    @Test
    void theEnumsHaveThe18ConstantsInOrder() {
        assertThat(MediaMode.values()).extracting(Enum::name).containsExactly("RELAYED", "ROUTED");
        assertThat(ArchiveMode.values()).extracting(Enum::name).containsExactly("ALWAYS", "MANUAL");
        assertThat(ArchiveLayout.values()).extracting(Enum::name).containsExactly("BEST_FIT", "PICTURE_IN_PICTURE",
                "VERTICAL_PRESENTATION", "HORIZONTAL_PRESENTATION");
        assertThat(OpenViduRole.values()).extracting(Enum::name).containsExactly("SUBSCRIBER", "PUBLISHER", "MODERATOR");
    }

    @Test
    void everyErrorCodeHasThe18NameAndNumberInOrder() {
        Map<String, Integer> expected = new LinkedHashMap<>();
        String[] pairs = {"GENERIC_ERROR_CODE=999", "TRANSPORT_ERROR_CODE=803", "TRANSPORT_RESPONSE_ERROR_CODE=802",
            "TRANSPORT_REQUEST_ERROR_CODE=801", "MEDIA_MUTE_ERROR_CODE=307", "MEDIA_NOT_A_WEB_ENDPOINT_ERROR_CODE=306",
            "MEDIA_RTP_ENDPOINT_ERROR_CODE=305", "MEDIA_WEBRTC_ENDPOINT_ERROR_CODE=304", "MEDIA_ENDPOINT_ERROR_CODE=303",
            "MEDIA_SDP_ERROR_CODE=302", "MEDIA_GENERIC_ERROR_CODE=301", "ROOM_CANNOT_BE_CREATED_ERROR_CODE=204",
            "ROOM_CLOSED_ERROR_CODE=203", "ROOM_NOT_FOUND_ERROR_CODE=202", "ROOM_GENERIC_ERROR_CODE=201",
            "USER_NOT_STREAMING_ERROR_CODE=105", "EXISTING_USER_IN_ROOM_ERROR_CODE=104", "USER_CLOSED_ERROR_CODE=103",
            "USER_NOT_FOUND_ERROR_CODE=102", "USER_GENERIC_ERROR_CODE=101", "USER_UNAUTHORIZED_ERROR_CODE=401",
            "ROLE_NOT_FOUND_ERROR_CODE=402", "SESSIONID_CANNOT_BE_CREATED_ERROR_CODE=403",
            "TOKEN_CANNOT_BE_CREATED_ERROR_CODE=404", "USER_METADATA_FORMAT_INVALID_ERROR_CODE=500",
            "SIGNAL_FORMAT_INVALID_ERROR_CODE=600", "SIGNAL_TO_INVALID_ERROR_CODE=601",
            "SIGNAL_MESSAGE_INVALID_ERROR_CODE=602", "RECORDING_FILE_EMPTY_ERROR=707", "RECORDING_DELETE_ERROR_CODE=706",
            "RECORDING_LIST_ERROR_CODE=705", "RECORDING_STOP_ERROR_CODE=704", "RECORDING_START_ERROR_CODE=703",
            "RECORDING_REPORT_ERROR_CODE=702", "RECORDING_COMPLETION_ERROR_CODE=701"};
        for (String p : pairs) {
            String[] kv = p.split("=");
            expected.put(kv[0], Integer.valueOf(kv[1]));
        }
        Map<String, Integer> actual = new LinkedHashMap<>();
        for (Code c : Code.values()) {
            actual.put(c.name(), c.getValue());
        }

        assertThat(actual).containsExactlyEntriesOf(expected);
    }

    @Test
    void theOpenViduExceptionIsUncheckedAndCarriesItsCode() {
        OpenViduException e = new OpenViduException(Code.ROOM_CLOSED_ERROR_CODE, "closed");

        assertThat(e).isInstanceOf(RuntimeException.class).hasMessage("closed").hasNoCause();
        assertThat(e.getCode()).isEqualTo(Code.ROOM_CLOSED_ERROR_CODE);
        assertThat(e.getCodeValue()).isEqualTo(203);
        assertThat(e).hasToString("io.openvidu.java.client.OpenViduException [ROOM_CLOSED_ERROR_CODE 203]: closed");
        assertThat(new OpenViduException(null, "x").getCode()).isEqualTo(Code.GENERIC_ERROR_CODE);
    }

    @Test
    void theClientRejectsBadConstructorArgumentsAndEmptyIdsBeforeSendingAnything() {
        assertThatThrownBy(() -> new OpenVidu(null, "s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url");
        assertThatThrownBy(() -> new OpenVidu("localhost:4443", "s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute http:// or https:// URL");
        assertThatThrownBy(() -> new OpenVidu("ftp://localhost/", "s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OpenVidu("https://localhost/", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("secret must not be null");
        try (OpenVidu ov = new OpenVidu("http://127.0.0.1:1/", "s")) {
            assertThatThrownBy(() -> ov.getRecording("")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("recordingId must not be null or empty");
            assertThatThrownBy(() -> ov.deleteRecording(null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ov.stopRecording(null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ov.startRecording("")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("sessionId must not be null or empty");
            assertThatThrownBy(() -> ov.createSession(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("properties must not be null");
        }
    }

    @Test
    void theBuilderRejectsNonPositiveTimeoutsAndPoolSizes() {
        OpenVidu.Builder b = OpenVidu.builder("https://localhost/", "s");

        assertThatThrownBy(() -> b.connectTimeout(java.time.Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("connectTimeout must be at least 1 ms");
        assertThatThrownBy(() -> b.responseTimeout(java.time.Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("responseTimeout");
        assertThatThrownBy(() -> b.connectTimeout(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connectTimeout must not be null");
        assertThatThrownBy(() -> b.poolSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("poolSize must be at least 1, was 0");
        assertThat(b.toString()).doesNotContain("\"s\"").contains("****");
    }

    @Test
    void contradictoryBuilderOptionsAreRejectedAtBuild() {
        org.apache.hc.client5.http.impl.classic.CloseableHttpClient own =
                org.apache.hc.client5.http.impl.classic.HttpClients.createMinimal();
        try {
            assertThatThrownBy(() -> OpenVidu.builder("https://localhost/", "s").httpClient(own)
                    .connectTimeout(java.time.Duration.ofSeconds(1)).build()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("httpClient(...) cannot be combined");
        } finally {
            own.close(org.apache.hc.core5.io.CloseMode.IMMEDIATE);
        }
        assertThatThrownBy(() -> OpenVidu.builder("https://localhost/", "s")
                .proxy(new org.apache.hc.core5.http.HttpHost("proxy", 3128)).useJvmProxySettings().build())
                .isInstanceOf(IllegalStateException.class);
    }
}
