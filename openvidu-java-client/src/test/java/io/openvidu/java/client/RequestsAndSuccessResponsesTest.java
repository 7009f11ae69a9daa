package io.openvidu.java.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/** For every call: the exact method, path, headers and JSON body sent, and the success answer parsed. */
class RequestsAndSuccessResponsesTest extends WireMockSupport {

    private OpenVidu openVidu;

    @BeforeEach
    void createClient() {
        openVidu = new OpenVidu(url(), SECRET);
    }

    @AfterEach
    void closeClient() {
        openVidu.close();
    }

    /** The single request WireMock received, after checking there was exactly one. */
    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> all = wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
        assertThat(all).hasSize(1);
        LoggedRequest r = all.get(0);
        assertThat(r.getHeader("Authorization")).as("pre-emptive Basic credentials").isEqualTo(BASIC);
        assertThat(r.getHeader("Accept")).isEqualTo("application/json");
        return r;
    }

    @Test
    void createSessionPostsThePropertiesAndReturnsTheSessionId() {
        wm.stubFor(post("/api/sessions").willReturn(okJson("{\"id\":\"" + SESSION_ID + "\"}")));
        SessionProperties props = new SessionProperties.Builder().mediaMode(MediaMode.RELAYED)
                .archiveMode(ArchiveMode.ALWAYS).archiveLayout(ArchiveLayout.VERTICAL_PRESENTATION).build();

        Session session = openVidu.createSession(props);

        assertThat(session.getSessionId()).isEqualTo(SESSION_ID);
        assertThat(session.getProperties()).isEqualTo(props);
        assertThat(session).hasToString(SESSION_ID);
        LoggedRequest r = onlyRequest();
        assertThat(r.getMethod().getName()).isEqualTo("POST");
        assertThat(r.getUrl()).isEqualTo("/api/sessions");
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        wm.verify(postRequestedFor(urlEqualTo("/api/sessions")).withRequestBody(equalToJson(
                "{\"archiveMode\":\"ALWAYS\",\"archiveLayout\":\"VERTICAL_PRESENTATION\",\"mediaMode\":\"RELAYED\"}")));
    }

    @Test
    void createSessionWithoutPropertiesSendsTheDefaultsRoutedManualBestFit() {
        wm.stubFor(post("/api/sessions").willReturn(okJson("{\"id\":\"" + SESSION_ID + "\"}")));

        Session session = openVidu.createSession();

        assertThat(session.getProperties().mediaMode()).isEqualTo(MediaMode.ROUTED);
        onlyRequest();
        wm.verify(postRequestedFor(urlEqualTo("/api/sessions")).withRequestBody(equalToJson(
                "{\"archiveMode\":\"MANUAL\",\"archiveLayout\":\"BEST_FIT\",\"mediaMode\":\"ROUTED\"}")));
    }

    @Test
    void createSessionContactsTheServerAtOnceAndGetSessionIdDoesNotCallItAgain() {
        wm.stubFor(post("/api/sessions").willReturn(okJson("{\"id\":\"" + SESSION_ID + "\"}")));

        Session session = openVidu.createSession();
        assertThat(wm.getAllServeEvents()).hasSize(1);
        session.getSessionId();
        session.getSessionId();

        assertThat(wm.getAllServeEvents()).hasSize(1);
    }

    @Test
    void generateTokenPostsSessionRoleAndDataAndReturnsTheToken() {
        wm.stubFor(post("/api/sessions").willReturn(okJson("{\"id\":\"" + SESSION_ID + "\"}")));
        Session session = openVidu.createSession();
        wm.resetRequests();
        wm.stubFor(post("/api/tokens").willReturn(okJson("""
                {"id":"tok123","token":"tok123","session":"%s","role":"MODERATOR","data":"alice"}
                """.formatted(SESSION_ID))));

        String token = session.generateToken(
                new TokenOptions.Builder().role(OpenViduRole.MODERATOR).data("alice").build());

        assertThat(token).isEqualTo("tok123");
        LoggedRequest r = onlyRequest();
        assertThat(r.getMethod().getName()).isEqualTo("POST");
        assertThat(r.getUrl()).isEqualTo("/api/tokens");
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        wm.verify(postRequestedFor(urlEqualTo("/api/tokens")).withRequestBody(equalToJson(
                "{\"session\":\"" + SESSION_ID + "\",\"role\":\"MODERATOR\",\"data\":\"alice\"}")));
    }

    @Test
    void generateTokenWithoutOptionsSendsPublisherAndEmptyData() {
        wm.stubFor(post("/api/sessions").willReturn(okJson("{\"id\":\"" + SESSION_ID + "\"}")));
        wm.stubFor(post("/api/tokens").willReturn(okJson("{\"id\":\"t1\",\"token\":\"t1\"}")));

        assertThat(openVidu.createSession().generateToken()).isEqualTo("t1");

        wm.verify(postRequestedFor(urlEqualTo("/api/tokens")).withRequestBody(equalToJson(
                "{\"session\":\"" + SESSION_ID + "\",\"role\":\"PUBLISHER\",\"data\":\"\"}")));
    }

    @Test
    void generateTokenReadsTheIdWhenTheAnswerHasNoTokenField() {
        wm.stubFor(post("/api/sessions").willReturn(okJson("{\"id\":\"" + SESSION_ID + "\"}")));
        wm.stubFor(post("/api/tokens").willReturn(okJson("{\"id\":\"only-id\"}")));

        assertThat(openVidu.createSession().generateToken()).isEqualTo("only-id");
    }

    @Test
    void startRecordingSendsTheSessionIdAndParsesTheStartedArchive() {
        wm.stubFor(post("/api/recordings/start").willReturn(
                okJson(recordingJson("jpifeuzfati5qaj8", "started", "0", "0.0", null))));

        Archive archive = openVidu.startRecording(SESSION_ID);

        assertThat(archive.getId()).isEqualTo("jpifeuzfati5qaj8");
        assertThat(archive.getName()).isEqualTo("jpifeuzfati5qaj8");
        assertThat(archive.getSessionId()).isEqualTo(SESSION_ID);
        assertThat(archive.getCreatedAt()).isEqualTo(1525430400123L);
        assertThat(archive.getSize()).isZero();
        assertThat(archive.getDuration()).isZero();
        assertThat(archive.getUrl()).isNull();
        assertThat(archive.hasAudio()).isTrue();
        assertThat(archive.hasVideo()).isTrue();
        assertThat(archive.getStatus()).isEqualTo(Archive.Status.started);
        assertThat(archive.getStatusText()).isEqualTo("started");
        LoggedRequest r = onlyRequest();
        assertThat(r.getMethod().getName()).isEqualTo("POST");
        assertThat(r.getUrl()).isEqualTo("/api/recordings/start");
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        wm.verify(postRequestedFor(urlEqualTo("/api/recordings/start"))
                .withRequestBody(equalToJson("{\"session\":\"" + SESSION_ID + "\"}")));
    }

    @Test
    void stopRecordingPostsWithoutBodyToTheIdPathAndParsesTheAvailableArchive() {
        wm.stubFor(post("/api/recordings/stop/abc").willReturn(okJson(recordingJson("abc", "available",
                "1234567", "20.88", "https://localhost:8443/recordings/abc.mp4"))));

        Archive archive = openVidu.stopRecording("abc");

        assertThat(archive.getStatus()).isEqualTo(Archive.Status.available);
        assertThat(archive.getSize()).isEqualTo(1234567L);
        assertThat(archive.getDuration()).isEqualTo(20.88);
        assertThat(archive.getUrl()).isEqualTo("https://localhost:8443/recordings/abc.mp4");
        LoggedRequest r = onlyRequest();
        assertThat(r.getMethod().getName()).isEqualTo("POST");
        assertThat(r.getUrl()).isEqualTo("/api/recordings/stop/abc");
        assertThat(r.getBodyAsString()).isEmpty();
        assertThat(r.containsHeader("Content-Type")).isFalse();
    }

    @Test
    void stopRecordingParsesAStoppedArchiveWithoutUrl() {
        wm.stubFor(post("/api/recordings/stop/abc")
                .willReturn(okJson(recordingJson("abc", "stopped", "99", "3.5", null))));

        Archive archive = openVidu.stopRecording("abc");

        assertThat(archive.getStatus()).isEqualTo(Archive.Status.stopped);
        assertThat(archive.getUrl()).isNull();
    }

    @Test
    void getRecordingGetsTheIdPathWithoutBodyAndParsesTheArchive() {
        wm.stubFor(get("/api/recordings/abc-1").willReturn(okJson(recordingJson("abc-1", "starting", "0", "0.0", null))));

        Archive archive = openVidu.getRecording("abc-1");

        assertThat(archive.getId()).isEqualTo("abc-1");
        assertThat(archive.getStatus()).isEqualTo(Archive.Status.starting);
        LoggedRequest r = onlyRequest();
        assertThat(r.getMethod().getName()).isEqualTo("GET");
        assertThat(r.getUrl()).isEqualTo("/api/recordings/abc-1");
        assertThat(r.getBodyAsString()).isEmpty();
    }

    @Test
    void getRecordingParsesAFailedArchive() {
        wm.stubFor(get("/api/recordings/abc").willReturn(okJson(recordingJson("abc", "failed", "0", "0.0", null))));

        assertThat(openVidu.getRecording("abc").getStatus()).isEqualTo(Archive.Status.failed);
    }

    @Test
    void listRecordingsParsesEveryItemInOrderIntoAMutableList() {
        wm.stubFor(get("/api/recordings").willReturn(okJson("{\"count\":2,\"items\":["
                + recordingJson("a", "available", "10", "1.0", "https://h/recordings/a.mp4") + ","
                + recordingJson("b", "started", "0", "0.0", null) + "]}")));

        List<Archive> list = openVidu.listRecordings();

        assertThat(list).extracting(Archive::getId).containsExactly("a", "b");
        assertThat(list).extracting(Archive::getStatus).containsExactly(Archive.Status.available, Archive.Status.started);
        list.remove(0); // 1.8.0 returned an ArrayList: callers may modify it
        assertThat(list).hasSize(1);
        LoggedRequest r = onlyRequest();
        assertThat(r.getMethod().getName()).isEqualTo("GET");
        assertThat(r.getUrl()).isEqualTo("/api/recordings");
    }

    @Test
    void listRecordingsOfAServerWithoutRecordingsIsEmpty() {
        wm.stubFor(get("/api/recordings").willReturn(okJson("{\"count\":0,\"items\":[]}")));

        assertThat(openVidu.listRecordings()).isEmpty();
    }

    @Test
    void deleteRecordingSendsDeleteToTheIdPathAndAcceptsNoContent() {
        wm.stubFor(delete("/api/recordings/abc").willReturn(aResponse().withStatus(204)));

        openVidu.deleteRecording("abc");

        LoggedRequest r = onlyRequest();
        assertThat(r.getMethod().getName()).isEqualTo("DELETE");
        assertThat(r.getUrl()).isEqualTo("/api/recordings/abc");
        wm.verify(deleteRequestedFor(urlEqualTo("/api/recordings/abc")).withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void recordingIdsArePercentEncodedAsOnePathSegment() {
        wm.stubFor(get(urlPathEqualTo("/api/recordings/a%2Fb%20c")).willReturn(okJson(recordingJson("a/b c", "started",
                "0", "0.0", null))));

        assertThat(openVidu.getRecording("a/b c").getId()).isEqualTo("a/b c");
        wm.verify(getRequestedFor(urlEqualTo("/api/recordings/a%2Fb%20c")));
    }

    @Test
    void aBasePathInTheUrlPrefixesEveryPathWithOrWithoutTrailingSlash() {
        wm.stubFor(get("/openvidu/api/recordings").willReturn(okJson("{\"count\":0,\"items\":[]}")));

        try (OpenVidu withSlash = new OpenVidu(url() + "openvidu/", SECRET);
                OpenVidu withoutSlash = new OpenVidu("http://localhost:" + wm.port() + "/openvidu", SECRET)) {
            withSlash.listRecordings();
            withoutSlash.listRecordings();
        }

        wm.verify(2, getRequestedFor(urlEqualTo("/openvidu/api/recordings")));
    }

    @Test
    void aChallengingServerGetsExactlyOneRequestAndTheCallFailsAsAnAuthenticationError() {
        wm.stubFor(get("/api/recordings").willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Basic realm=\"OpenVidu\"")
                .withHeader("Content-Type", "application/json")
                .withBody(errorJson(401, "Unauthorized", "bad credentials"))));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> openVidu.listRecordings())
                .isInstanceOf(OpenViduAuthenticationException.class)
                .hasMessage("listRecordings(): 401 Unauthorized: bad credentials");
        wm.verify(1, getRequestedFor(urlEqualTo("/api/recordings")).withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void theUserAgentNamesThisClient() {
        wm.stubFor(get("/api/recordings").willReturn(okJson("{\"count\":0,\"items\":[]}")));

        openVidu.listRecordings();

        wm.verify(getRequestedFor(urlEqualTo("/api/recordings")).withHeader("User-Agent", containing("openvidu-java-client")));
    }
}
