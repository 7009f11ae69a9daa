package io.openvidu.java.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyStore;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.openvidu.java.client.OpenViduException.Code;

/** Each operation owns its method and path; calls are built from them; settings are immutable. */
class OperationAndCallTest {

    @Test
    void everyOperationCarriesTheMethodPathAndCodeOfThe18RestApi() {
        Map<Operation, String> expected = new EnumMap<>(Operation.class);
        expected.put(Operation.CREATE_SESSION, "POST /api/sessions 403");
        expected.put(Operation.GENERATE_TOKEN, "POST /api/tokens 404");
        expected.put(Operation.START_RECORDING, "POST /api/recordings/start 703");
        expected.put(Operation.STOP_RECORDING, "POST /api/recordings/stop/{id} 704");
        expected.put(Operation.GET_RECORDING, "GET /api/recordings/{id} 705");
        expected.put(Operation.LIST_RECORDINGS, "GET /api/recordings 705");
        expected.put(Operation.DELETE_RECORDING, "DELETE /api/recordings/{id} 706");

        for (Operation op : Operation.values()) {
            assertThat(op.httpMethod() + " " + op.pathTemplate() + " " + op.code().getValue()).as(op.name())
                    .isEqualTo(expected.get(op));
        }
    }

    @Test
    void aCallOnOneResourceTakesMethodAndPathFromItsOperationAndEncodesTheId() {
        Call call = Call.forId(Operation.STOP_RECORDING, "a b/ü");

        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.apiPath()).isEqualTo("/api/recordings/stop/a%20b%2F%C3%BC");
        assertThat(call.jsonBody()).isNull();
        assertThat(call.label()).isEqualTo("stopRecording(a b/ü)");
        assertThat(call.operation().code()).isEqualTo(Code.RECORDING_STOP_ERROR_CODE);
    }

    @Test
    void aCallWithABodyTakesMethodAndPathFromItsOperation() {
        byte[] body = "{\"session\":\"s\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Call call = Call.of(Operation.START_RECORDING, "s", body);

        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.apiPath()).isEqualTo("/api/recordings/start");
        assertThat(call.jsonBody()).isSameAs(body);
        assertThat(call.label()).isEqualTo("startRecording(s)");
    }

    @Test
    void aCallCannotLeaveAPathParameterUnfilledNorFillOneThatDoesNotExist() {
        assertThatThrownBy(() -> Call.of(Operation.DELETE_RECORDING, "abc", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DELETE_RECORDING (/api/recordings/{id}) takes 1 path parameter(s), got 0");
        assertThatThrownBy(() -> Call.forId(Operation.LIST_RECORDINGS, "abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LIST_RECORDINGS (/api/recordings) takes 0 path parameter(s), got 1");
        assertThatThrownBy(() -> Call.forId(Operation.GET_RECORDING, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GET_RECORDING: path parameter {id} must not be null");
    }

    @Test
    void settingsAreNotChangedByBuilderCallsMadeAfterTheyWereBuilt() throws Exception {
        TransportSettings.Builder b = TransportSettings.builder("https://localhost:4443", "s3cr3t");
        TransportSettings first = b.build();
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        b.connectTimeout(Duration.ofMillis(1)).poolSize(3).trustStore(store);
        TransportSettings second = b.build();

        assertThat(first.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(first.poolSize()).isEqualTo(20);
        assertThat(first.trustStores()).isEmpty();
        assertThat(second.connectTimeout()).isEqualTo(Duration.ofMillis(1));
        assertThat(second.poolSize()).isEqualTo(3);
        assertThat(second.trustStores()).containsExactly(store);
        assertThatThrownBy(() -> second.trustStores().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void settingsNeverShowTheSecret() {
        TransportSettings s = TransportSettings.builder("https://localhost:4443", "s3cr3t").build();

        assertThat(s.toString()).contains("https://localhost:4443").doesNotContain("s3cr3t");
    }
}
