package dev.ovstub.server.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON calls of the REST or control API for tests that use Jackson (kept out of {@link ControlClient}, which must
 * stay JDK-only): the body written as JSON, an answer of 200–204 required, the answer parsed.
 */
public final class JsonCalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonCalls() {}

    /**
     * Sends {@code body} (null: none) as JSON and returns the answer's JSON, or null for an empty answer.
     *
     * @throws AssertionError naming the call, the status and the answer when it is not 200–204
     */
    public static JsonNode call(ControlClient http, String method, String path, Object body) throws JsonProcessingException {
        ControlClient.Response r = http.send(method, path, body == null ? null : JSON.writeValueAsString(body));
        if (r.status() < 200 || r.status() > 204) {
            throw new AssertionError(method + " " + path + ": expected 200..204 but got " + r.status() + ": " + r.text());
        }
        return r.body().length == 0 ? null : JSON.readTree(r.text());
    }
}
