package io.openvidu.java.client.internal;

import java.nio.charset.StandardCharsets;

/**
 * One request to make: which operation (for messages and codes), a readable argument summary,
 * the method, the path below the base URL and an optional JSON body.
 */
public final class Call {

    private final Operation operation;
    private final String arguments;
    private final String method;
    private final String apiPath;
    private final byte[] jsonBody;

    private Call(Operation operation, String arguments, String method, String apiPath, byte[] jsonBody) {
        this.operation = operation;
        this.arguments = arguments;
        this.method = method;
        this.apiPath = apiPath;
        this.jsonBody = jsonBody;
    }

    /**
     * Creates a call.
     *
     * @param operation the operation
     * @param arguments what the caller asked for, shown in messages, e.g. the recording id
     * @param method HTTP method
     * @param apiPath path below the base URL, already encoded, starting with {@code /api/}
     * @param jsonBody the JSON body, or {@code null} for none
     * @return the call
     */
    public static Call of(Operation operation, String arguments, String method, String apiPath, byte[] jsonBody) {
        return new Call(operation, arguments, method, apiPath, jsonBody);
    }

    /** @return the operation */
    public Operation operation() {
        return operation;
    }

    /** @return the HTTP method */
    public String method() {
        return method;
    }

    /** @return the path below the base URL */
    public String apiPath() {
        return apiPath;
    }

    /** @return the JSON body, or {@code null} */
    public byte[] jsonBody() {
        return jsonBody;
    }

    /**
     * What was attempted, as in messages: {@code startRecording(wss://host/abc)}.
     *
     * @return the label
     */
    public String label() {
        return operation.methodName() + "(" + arguments + ")";
    }

    /**
     * Percent-encodes one path segment (RFC 3986: everything but unreserved characters).
     *
     * @param segment the raw segment
     * @return the encoded segment
     */
    public static String encodePathSegment(String segment) {
        StringBuilder sb = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
