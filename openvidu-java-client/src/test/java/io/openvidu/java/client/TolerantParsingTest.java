package io.openvidu.java.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.openvidu.java.client.OpenViduException.Code;

/** Unknown fields and statuses, number shapes, and bodies that cannot be read. */
class TolerantParsingTest extends WireMockSupport {

    private OpenVidu openVidu;

    @BeforeEach
    void createClient() {
        openVidu = new OpenVidu(url(), SECRET);
    }

    @AfterEach
    void closeClient() {
        openVidu.close();
    }

    private Archive getWithBody(String body) {
        wm.stubFor(get("/api/recordings/abc").willReturn(okJson(body)));
        return openVidu.getRecording("abc");
    }

    @Test
    void unknownFieldsAreIgnored() {
        Archive a = getWithBody("""
                {"id":"abc","name":"abc","sessionId":"s","createdAt":1,"size":2,"duration":3.0,"url":null,
                 "hasAudio":true,"hasVideo":false,"status":"started",
                 "outputMode":"COMPOSED","resolution":"1920x1080","nested":{"a":[1,2,{"b":null}]}}
                """);

        assertThat(a.getId()).isEqualTo("abc");
        assertThat(a.hasVideo()).isFalse();
        assertThat(a.getStatus()).isEqualTo(Archive.Status.started);
    }

    @Test
    void unknownFieldsInSessionAndTokenAnswersAreIgnored() {
        wm.stubFor(post("/api/sessions").willReturn(okJson("{\"id\":\"s1\",\"createdAt\":5,\"extra\":[1]}")));
        wm.stubFor(post("/api/tokens").willReturn(okJson("{\"id\":\"t\",\"token\":\"t\",\"kurentoOptions\":{}}")));

        assertThat(openVidu.createSession().generateToken()).isEqualTo("t");
    }

    @Test
    void anIntegerDurationIsReadLikeADecimalOne() {
        Archive integer = getWithBody(recordingJson("abc", "stopped", "10", "5", null));
        Archive decimal = getWithBody(recordingJson("abc", "stopped", "10", "5.0", null));

        assertThat(integer.getDuration()).isEqualTo(5.0);
        assertThat(integer).isEqualTo(decimal);
    }

    @Test
    void aSizeAboveTwoGibibytesIsRead64Bit() {
        Archive a = getWithBody(recordingJson("abc", "stopped", "5000000000", "7200.5", null));

        assertThat(a.getSize()).isEqualTo(5_000_000_000L).isGreaterThan(Integer.MAX_VALUE);
    }

    @Test
    void aSizeThatDoesNotFitIn64BitsIsAnUnreadableResponse() {
        wm.stubFor(get("/api/recordings/abc").willReturn(okJson(recordingJson("abc", "stopped",
                "99999999999999999999999", "1.0", null))));

        OpenViduResponseException e = catchThrowableOfType(OpenViduResponseException.class,
                () -> openVidu.getRecording("abc"));

        assertThat(e).hasMessageContaining("\"size\" does not fit in 64 bits");
    }

    @Test
    void readyIsReadAsAvailableAndTheOriginalTextIsKept() {
        Archive a = getWithBody(recordingJson("abc", "ready", "10", "1.0", "https://h/recordings/abc.mp4"));

        assertThat(a.getStatus()).isEqualTo(Archive.Status.available);
        assertThat(a.getStatusText()).isEqualTo("ready");
    }

    @ParameterizedTest
    @ValueSource(strings = {"paused", "uploading", "", "STARTED-ish"})
    void anUnknownStatusIsReadAsFailedWithoutThrowing(String status) {
        Archive a = getWithBody(recordingJson("abc", status, "0", "0.0", null));

        assertThat(a.getStatus()).isEqualTo(Archive.Status.failed);
        assertThat(a.getStatusText()).isEqualTo(status);
    }

    @ParameterizedTest
    @CsvSource({"STARTED,started", "Stopped,stopped", "AVAILABLE,available", "Starting,starting", "READY,available"})
    void statusNamesAreReadWhateverTheirCase(String text, Archive.Status expected) {
        assertThat(getWithBody(recordingJson("abc", text, "0", "0.0", null)).getStatus()).isEqualTo(expected);
    }

    @Test
    void missingOptionalFieldsGetNeutralValues() {
        Archive a = getWithBody("{\"id\":\"abc\"}");

        assertThat(a.getName()).isNull();
        assertThat(a.getSessionId()).isNull();
        assertThat(a.getUrl()).isNull();
        assertThat(a.getSize()).isZero();
        assertThat(a.getDuration()).isZero();
        assertThat(a.getCreatedAt()).isZero();
        assertThat(a.hasAudio()).isFalse();
        assertThat(a.getStatus()).isEqualTo(Archive.Status.failed);
    }

    @Test
    void malformedJsonIsAnUnreadableResponseWithTheParserAsCause() {
        wm.stubFor(get("/api/recordings/abc").willReturn(okJson("{\"id\": abc, }")));

        OpenViduResponseException e = catchThrowableOfType(OpenViduResponseException.class,
                () -> openVidu.getRecording("abc"));

        assertThat(e.getCode()).isEqualTo(Code.RECORDING_LIST_ERROR_CODE);
        assertThat(e.getStatus()).isEqualTo(200);
        assertThat(e.getMethod()).isEqualTo("GET");
        assertThat(e.getPath()).isEqualTo("/api/recordings/abc");
        assertThat(e.getResponseBody()).isEqualTo("{\"id\": abc, }");
        assertThat(e).hasMessageStartingWith("getRecording(abc): 200 OK with an unreadable body: malformed JSON");
        assertThat(e.getCause()).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void truncatedJsonIsAnUnreadableResponse() {
        String full = recordingJson("abc", "started", "0", "0.0", null);
        wm.stubFor(post("/api/recordings/start").willReturn(okJson(full.substring(0, full.length() / 2))));

        OpenViduResponseException e = catchThrowableOfType(OpenViduResponseException.class,
                () -> openVidu.startRecording(SESSION_ID));

        assertThat(e.getCode()).isEqualTo(Code.RECORDING_START_ERROR_CODE);
        assertThat(e).hasMessageContaining("malformed JSON");
        assertThat(e.getCause()).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void jsonFollowedByGarbageIsAnUnreadableResponse() {
        wm.stubFor(get("/api/recordings/abc").willReturn(okJson("{\"id\":\"abc\"} trailing")));

        catchThrowableOfType(OpenViduResponseException.class, () -> openVidu.getRecording("abc"));
    }

    @Test
    void anEmptySuccessBodyWhereJsonIsExpectedIsAnUnreadableResponse() {
        wm.stubFor(post("/api/sessions").willReturn(aResponse().withStatus(200)));

        OpenViduResponseException e = catchThrowableOfType(OpenViduResponseException.class,
                () -> openVidu.createSession());

        assertThat(e.getCode()).isEqualTo(Code.SESSIONID_CANNOT_BE_CREATED_ERROR_CODE);
        assertThat(e).hasMessageContaining("empty body");
    }

    @Test
    void aRecordingWithoutIdIsAnUnreadableResponse() {
        wm.stubFor(get("/api/recordings/abc").willReturn(okJson("{\"name\":\"abc\",\"status\":\"started\"}")));

        OpenViduResponseException e = catchThrowableOfType(OpenViduResponseException.class,
                () -> openVidu.getRecording("abc"));

        assertThat(e).hasMessageContaining("\"id\" is missing");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void aFieldOfTheWrongTypeIsAnUnreadableResponse() {
        wm.stubFor(get("/api/recordings/abc").willReturn(okJson("{\"id\":\"abc\",\"size\":{\"bytes\":1}}")));

        assertThat(catchThrowableOfType(OpenViduResponseException.class, () -> openVidu.getRecording("abc")))
                .hasMessageContaining("\"size\" is not a number");
    }

    @Test
    void aListWithoutItemsIsAnUnreadableResponse() {
        wm.stubFor(get("/api/recordings").willReturn(okJson("{\"count\":0}")));

        assertThat(catchThrowableOfType(OpenViduResponseException.class, () -> openVidu.listRecordings()))
                .hasMessageContaining("no \"items\" array");
    }

    @Test
    void aJsonArrayWhereAnObjectIsExpectedIsAnUnreadableResponse() {
        wm.stubFor(post("/api/sessions").willReturn(okJson("[\"s1\"]")));

        assertThat(catchThrowableOfType(OpenViduResponseException.class, () -> openVidu.createSession()))
                .hasMessageContaining("is not a JSON object");
    }

    @Test
    void aTokenAnswerWithNeitherTokenNorIdIsAnUnreadableResponse() {
        wm.stubFor(post("/api/sessions").willReturn(okJson("{\"id\":\"s1\"}")));
        wm.stubFor(post("/api/tokens").willReturn(okJson("{\"session\":\"s1\"}")));
        Session session = openVidu.createSession();

        OpenViduResponseException e = catchThrowableOfType(OpenViduResponseException.class, session::generateToken);

        assertThat(e.getCode()).isEqualTo(Code.TOKEN_CANNOT_BE_CREATED_ERROR_CODE);
    }
}
