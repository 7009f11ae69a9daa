package io.openvidu.java.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.github.tomakehurst.wiremock.client.MappingBuilder;

import io.openvidu.java.client.OpenViduException.Code;

/** Every error status of the wire contract (section 2) becomes the right exception, with status and message. */
class ErrorMappingTest extends WireMockSupport {

    private OpenVidu openVidu;

    @BeforeEach
    void createClient() {
        openVidu = new OpenVidu(url(), SECRET);
    }

    @AfterEach
    void closeClient() {
        openVidu.close();
    }

    private static final String SID = "wss://localhost:8443/abc";

    static Stream<Arguments> contractErrors() {
        return Stream.of(
                // call, stub, status, reason, server message, expected type, code, expected message prefix
                row("createSession", post("/api/sessions"), 400, "Bad Request", "unknown archiveLayout 'FOO'",
                        OpenViduBadRequestException.class, Code.SESSIONID_CANNOT_BE_CREATED_ERROR_CODE,
                        "createSession(ROUTED, MANUAL, BEST_FIT)", "POST", "/api/sessions",
                        ov -> ov.createSession()),
                row("generateToken: unknown session", post("/api/tokens"), 400, "Bad Request",
                        "session 'x' does not exist", OpenViduBadRequestException.class,
                        Code.TOKEN_CANNOT_BE_CREATED_ERROR_CODE, "generateToken(" + SID + ", PUBLISHER)", "POST",
                        "/api/tokens", ov -> new Session(ov, SID, new SessionProperties.Builder().build()).generateToken()),
                row("startRecording: no session field", post("/api/recordings/start"), 400, "Bad Request",
                        "missing field 'session'", OpenViduBadRequestException.class, Code.RECORDING_START_ERROR_CODE,
                        "startRecording(" + SID + ")", "POST", "/api/recordings/start", ov -> ov.startRecording(SID)),
                row("startRecording: not live", post("/api/recordings/start"), 404, "Not Found",
                        "session is not live", OpenViduNotFoundException.class, Code.RECORDING_START_ERROR_CODE,
                        "startRecording(" + SID + ")", "POST", "/api/recordings/start", ov -> ov.startRecording(SID)),
                row("startRecording: no participants", post("/api/recordings/start"), 400, "Bad Request",
                        "the session has no participants", OpenViduBadRequestException.class,
                        Code.RECORDING_START_ERROR_CODE, "startRecording(" + SID + ")", "POST",
                        "/api/recordings/start", ov -> ov.startRecording(SID)),
                row("startRecording: already recorded", post("/api/recordings/start"), 409, "Conflict",
                        "the session is already being recorded", OpenViduConflictException.class,
                        Code.RECORDING_START_ERROR_CODE, "startRecording(" + SID + ")", "POST",
                        "/api/recordings/start", ov -> ov.startRecording(SID)),
                row("stopRecording: still starting", post("/api/recordings/stop/abc"), 406, "Not Acceptable",
                        "recording abc is still starting", OpenViduConflictException.class,
                        Code.RECORDING_STOP_ERROR_CODE, "stopRecording(abc)", "POST", "/api/recordings/stop/abc",
                        ov -> ov.stopRecording("abc")),
                row("stopRecording: unknown", post("/api/recordings/stop/abc"), 404, "Not Found",
                        "recording abc does not exist or is already stopped", OpenViduNotFoundException.class,
                        Code.RECORDING_STOP_ERROR_CODE, "stopRecording(abc)", "POST", "/api/recordings/stop/abc",
                        ov -> ov.stopRecording("abc")),
                row("getRecording: unknown", get("/api/recordings/abc"), 404, "Not Found",
                        "recording abc does not exist", OpenViduNotFoundException.class, Code.RECORDING_LIST_ERROR_CODE,
                        "getRecording(abc)", "GET", "/api/recordings/abc", ov -> ov.getRecording("abc")),
                row("deleteRecording: running", delete("/api/recordings/abc"), 409, "Conflict",
                        "recording abc is started: stop it first", OpenViduConflictException.class,
                        Code.RECORDING_DELETE_ERROR_CODE, "deleteRecording(abc)", "DELETE", "/api/recordings/abc",
                        ov -> ov.deleteRecording("abc")),
                row("deleteRecording: unknown", delete("/api/recordings/abc"), 404, "Not Found",
                        "recording abc does not exist", OpenViduNotFoundException.class,
                        Code.RECORDING_DELETE_ERROR_CODE, "deleteRecording(abc)", "DELETE", "/api/recordings/abc",
                        ov -> ov.deleteRecording("abc")),
                row("listRecordings: unauthorized", get("/api/recordings"), 401, "Unauthorized",
                        "wrong secret", OpenViduAuthenticationException.class, Code.RECORDING_LIST_ERROR_CODE,
                        "listRecordings()", "GET", "/api/recordings", ov -> ov.listRecordings()),
                row("listRecordings: forbidden", get("/api/recordings"), 403, "Forbidden",
                        "forbidden", OpenViduAuthenticationException.class, Code.RECORDING_LIST_ERROR_CODE,
                        "listRecordings()", "GET", "/api/recordings", ov -> ov.listRecordings()),
                row("startRecording: server failure", post("/api/recordings/start"), 500, "Internal Server Error",
                        "recorder crashed", OpenViduServerErrorException.class, Code.RECORDING_START_ERROR_CODE,
                        "startRecording(" + SID + ")", "POST", "/api/recordings/start", ov -> ov.startRecording(SID)),
                row("getRecording: unavailable", get("/api/recordings/abc"), 503, "Service Unavailable",
                        "try later", OpenViduServerErrorException.class, Code.RECORDING_LIST_ERROR_CODE,
                        "getRecording(abc)", "GET", "/api/recordings/abc", ov -> ov.getRecording("abc")),
                row("getRecording: other status", get("/api/recordings/abc"), 429, "Too Many Requests",
                        "slow down", OpenViduHttpException.class, Code.RECORDING_LIST_ERROR_CODE,
                        "getRecording(abc)", "GET", "/api/recordings/abc", ov -> ov.getRecording("abc")));
    }

    private static Arguments row(String name, MappingBuilder stub, int status, String reason, String serverMessage,
            Class<? extends OpenViduHttpException> type, Code code, String label, String method, String path,
            Consumer<OpenVidu> call) {
        return Arguments.of(name, stub, status, reason, serverMessage, type, code, label, method, path, call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contractErrors")
    void anErrorStatusWithAJsonBodyBecomesTheTypedExceptionWithStatusMethodPathAndServerMessage(String name,
            MappingBuilder stub, int status, String reason, String serverMessage,
            Class<? extends OpenViduHttpException> type, Code code, String label, String method, String path,
            Consumer<OpenVidu> call) {
        String body = errorJson(status, reason, serverMessage);
        wm.stubFor(stub.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body)));

        OpenViduHttpException e = catchThrowableOfType(OpenViduHttpException.class, () -> call.accept(openVidu));

        assertThat(e).isExactlyInstanceOf(type);
        assertThat(e).hasMessage(label + ": " + status + " " + reason + ": " + serverMessage);
        assertThat(e.getStatus()).isEqualTo(status);
        assertThat(e.getMethod()).isEqualTo(method);
        assertThat(e.getPath()).isEqualTo(path);
        assertThat(e.getServerMessage()).isEqualTo(serverMessage);
        assertThat(e.getResponseBody()).isEqualTo(body);
        assertThat(e.getCode()).isEqualTo(code);
        assertThat(e.getCodeValue()).isEqualTo(code.getValue());
        assertThat(e).isInstanceOf(OpenViduException.class).isInstanceOf(RuntimeException.class);
    }

    @Test
    void theMessageReadsAsWhatWasAttemptedAndWhyItFailed() {
        wm.stubFor(post("/api/recordings/start").willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\":409,\"error\":\"Conflict\",\"message\":\"the session is already being recorded\"}")));

        Throwable e = catchThrowableOfType(OpenViduConflictException.class, () -> openVidu.startRecording(SID));

        assertThat(e).hasMessage(
                "startRecording(wss://localhost:8443/abc): 409 Conflict: the session is already being recorded");
        assertThat(e.toString()).contains("OpenViduConflictException", "RECORDING_START_ERROR_CODE 703",
                "409 Conflict");
    }

    @Test
    void aBodylessErrorAnswerTakesItsMessageFromTheErrorHeaderDecodingItsEscapes() {
        wm.stubFor(get("/api/recordings/abc").willReturn(aResponse().withStatus(404)
                .withHeader("X-OpenVidu-Error", "no recording with id 'caf%C3%A9' (100%25 sure)%0D%0A")
                .withHeader("Content-Length", "0")));

        OpenViduNotFoundException e = catchThrowableOfType(OpenViduNotFoundException.class,
                () -> openVidu.getRecording("abc"));

        assertThat(e.getServerMessage()).isEqualTo("no recording with id 'caf\u00e9' (100% sure)");
        assertThat(e).hasMessage("getRecording(abc): 404 Not Found: no recording with id 'caf\u00e9' (100% sure)");
        assertThat(e.getResponseBody()).isEmpty();
    }

    @Test
    void theErrorHeaderWinsOverABodyAndAMalformedEscapeIsKeptAsItIs() {
        wm.stubFor(get("/api/recordings/abc").willReturn(aResponse().withStatus(404)
                .withHeader("X-OpenVidu-Error", "bad %ZZ escape")
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"from the body\"}")));

        OpenViduNotFoundException e = catchThrowableOfType(OpenViduNotFoundException.class,
                () -> openVidu.getRecording("abc"));

        assertThat(e.getServerMessage()).isEqualTo("bad %ZZ escape");
        assertThat(e.getResponseBody()).contains("from the body");
    }

    @Test
    void aPlainTextErrorBodyIsTheServerMessage() {
        wm.stubFor(get("/api/recordings/abc").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "text/plain").withBody("no such recording\n")));

        OpenViduNotFoundException e = catchThrowableOfType(OpenViduNotFoundException.class,
                () -> openVidu.getRecording("abc"));

        assertThat(e.getServerMessage()).isEqualTo("no such recording");
        assertThat(e).hasMessage("getRecording(abc): 404 Not Found: no such recording");
    }

    @Test
    void anEmptyErrorBodyGivesTheStatusAlone() {
        wm.stubFor(delete("/api/recordings/abc").willReturn(aResponse().withStatus(409)));

        OpenViduConflictException e = catchThrowableOfType(OpenViduConflictException.class,
                () -> openVidu.deleteRecording("abc"));

        assertThat(e.getServerMessage()).isNull();
        assertThat(e.getResponseBody()).isEmpty();
        assertThat(e).hasMessage("deleteRecording(abc): 409 Conflict");
    }

    @Test
    void aJsonErrorBodyWithoutMessageAndAnHtmlErrorPageGiveTheStatusAlone() {
        wm.stubFor(get("/api/recordings/a").willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":500,\"error\":\"Internal\"}")));
        wm.stubFor(get("/api/recordings/b").willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "text/html").withBody("<html><body><h1>Bad Gateway</h1></body></html>")));

        assertThat(catchThrowableOfType(OpenViduServerErrorException.class, () -> openVidu.getRecording("a")))
                .hasMessage("getRecording(a): 500 Internal Server Error");
        OpenViduServerErrorException html = catchThrowableOfType(OpenViduServerErrorException.class,
                () -> openVidu.getRecording("b"));
        assertThat(html).hasMessage("getRecording(b): 502 Bad Gateway");
        assertThat(html.getResponseBody()).contains("<h1>Bad Gateway</h1>");
    }

    @Test
    void aRedirectIsNotFollowedButReportedWithItsStatus() {
        wm.stubFor(get("/api/recordings/abc").willReturn(aResponse().withStatus(301)
                .withHeader("Location", "https://elsewhere.invalid/api/recordings/abc")));

        OpenViduHttpException e = catchThrowableOfType(OpenViduHttpException.class, () -> openVidu.getRecording("abc"));

        assertThat(e.getStatus()).isEqualTo(301);
        assertThat(e).hasMessage("getRecording(abc): 301 Moved Permanently");
        assertThat(wm.getAllServeEvents()).hasSize(1);
    }

    @Test
    void aServiceUnavailableAnswerIsNotRetried() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));

        catchThrowableOfType(OpenViduServerErrorException.class, () -> openVidu.startRecording(SID));

        assertThat(wm.getAllServeEvents()).hasSize(1);
    }

    @Test
    void aHugeErrorBodyIsTruncatedTo64KiBAndTheConnectionIsStillReleased() throws Exception {
        String big = "x".repeat(1_000_000);
        wm.stubFor(get("/api/recordings/abc").willReturn(aResponse().withStatus(500).withBody(big)));

        try (OpenVidu small = OpenVidu.builder(url(), SECRET).poolSize(1)
                .connectionRequestTimeout(java.time.Duration.ofSeconds(5)).build()) {
            for (int i = 0; i < 3; i++) {
                OpenViduServerErrorException e = catchThrowableOfType(OpenViduServerErrorException.class,
                        () -> small.getRecording("abc"));
                assertThat(e.getResponseBody()).hasSize(64 * 1024);
                assertThat(e.getServerMessage()).hasSizeLessThan(310);
            }
            assertThat(small.transport().poolStats().getLeased()).isZero();
        }
    }
}
