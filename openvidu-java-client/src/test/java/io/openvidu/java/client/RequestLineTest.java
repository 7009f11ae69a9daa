package io.openvidu.java.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.openvidu.java.client.OpenViduException.Code;

/** The (method, path) value of the exceptions, and the public constructors that take it. */
class RequestLineTest {

    private static final RequestLine STOP = RequestLine.of("POST", "/api/recordings/stop/abc");

    @Test
    void aRequestLineWithMethodAndPathSwappedIsRejectedNamingTheBadValue() {
        assertThatThrownBy(() -> RequestLine.of("/api/recordings/stop/abc", "POST"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("method must be an upper-case HTTP method such as POST, was: /api/recordings/stop/abc");
        assertThatThrownBy(() -> RequestLine.of("POST", "api/recordings")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("path must start with '/', was: api/recordings");
        assertThatThrownBy(() -> RequestLine.of(null, "/api")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestLine.of("post", "/api")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestLine.of("POST", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestLinesAreEqualWhenMethodAndPathAreAndReadAsInHttp() {
        assertThat(RequestLine.of("POST", "/api/recordings/stop/abc")).isEqualTo(STOP).hasSameHashCodeAs(STOP)
                .isNotEqualTo(RequestLine.of("GET", "/api/recordings/stop/abc"))
                .isNotEqualTo(RequestLine.of("POST", "/api/recordings/stop/abd"))
                .hasToString("POST /api/recordings/stop/abc");
    }

    @Test
    void everyExceptionWithARequestGivesItsMethodAndPathFromTheRequestLine() {
        List<Object> all = List.of(
                new OpenViduHttpException(Code.RECORDING_STOP_ERROR_CODE, "m", 418, STOP, "sm", "body"),
                new OpenViduBadRequestException(Code.RECORDING_STOP_ERROR_CODE, "m", 400, STOP, "sm", "body"),
                new OpenViduAuthenticationException(Code.RECORDING_STOP_ERROR_CODE, "m", 401, STOP, "sm", "body"),
                new OpenViduNotFoundException(Code.RECORDING_STOP_ERROR_CODE, "m", 404, STOP, "sm", "body"),
                new OpenViduConflictException(Code.RECORDING_STOP_ERROR_CODE, "m", 406, STOP, "sm", "body"),
                new OpenViduServerErrorException(Code.RECORDING_STOP_ERROR_CODE, "m", 500, STOP, "sm", "body"),
                new OpenViduResponseException(Code.RECORDING_STOP_ERROR_CODE, "m", 200, STOP, "body", null),
                new OpenViduTransportException(Code.RECORDING_STOP_ERROR_CODE, "m", STOP, new IOException("x")),
                new OpenViduTimeoutException(Code.RECORDING_STOP_ERROR_CODE, "m", STOP,
                        OpenViduTimeoutException.Phase.RESPONSE, new IOException("x")));

        for (Object o : all) {
            assertThat(o).extracting("requestLine", "method", "path").as(o.getClass().getSimpleName())
                    .containsExactly(STOP, "POST", "/api/recordings/stop/abc");
        }
        OpenViduHttpException http = (OpenViduHttpException) all.get(3);
        assertThat(http.getStatus()).isEqualTo(404);
        assertThat(http.getServerMessage()).isEqualTo("sm");
        assertThat(http.getResponseBody()).isEqualTo("body");
        assertThat(http.getCode()).isEqualTo(Code.RECORDING_STOP_ERROR_CODE);
    }

    @Test
    void anExceptionWithoutARequestLineIsRejected() {
        assertThatThrownBy(() -> new OpenViduNotFoundException(Code.RECORDING_STOP_ERROR_CODE, "m", 404, null, null,
                null)).isInstanceOf(IllegalArgumentException.class).hasMessage("requestLine must not be null");
        assertThatThrownBy(() -> new OpenViduTransportException(Code.RECORDING_STOP_ERROR_CODE, "m", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("requestLine must not be null");
        assertThatThrownBy(() -> new OpenViduResponseException(Code.RECORDING_STOP_ERROR_CODE, "m", 200, null, null,
                null)).isInstanceOf(IllegalArgumentException.class).hasMessage("requestLine must not be null");
    }

    @Test
    void anExceptionKeepsItsRequestLineThroughJavaSerialization() throws Exception {
        OpenViduConflictException e = new OpenViduConflictException(Code.RECORDING_STOP_ERROR_CODE, "m", 406, STOP,
                "still starting", "");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        OpenViduConflictException back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (OpenViduConflictException) in.readObject();
        }

        assertThat(back.getRequestLine()).isEqualTo(STOP);
        assertThat(back.getMethod()).isEqualTo("POST");
        assertThat(back.getServerMessage()).isEqualTo("still starting");
    }
}
