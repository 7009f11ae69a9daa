package io.openvidu.java.client.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.openvidu.java.client.OpenViduException.Code;

/**
 * The calls of the client, each with its HTTP method, its path template (the OpenVidu 1.8 REST API) and the
 * 1.8 error code its failures carry. The only place where an operation is paired with a method and a path:
 * a {@link Call} is built from an operation and its arguments.
 */
public enum Operation {
    /** {@code POST /api/sessions} */
    CREATE_SESSION("createSession", Code.SESSIONID_CANNOT_BE_CREATED_ERROR_CODE, "POST", "/api/sessions"),
    /** {@code POST /api/tokens} */
    GENERATE_TOKEN("generateToken", Code.TOKEN_CANNOT_BE_CREATED_ERROR_CODE, "POST", "/api/tokens"),
    /** {@code POST /api/recordings/start} */
    START_RECORDING("startRecording", Code.RECORDING_START_ERROR_CODE, "POST", "/api/recordings/start"),
    /** {@code POST /api/recordings/stop/{id}} */
    STOP_RECORDING("stopRecording", Code.RECORDING_STOP_ERROR_CODE, "POST", "/api/recordings/stop/{id}"),
    /** {@code GET /api/recordings/{id}} */
    GET_RECORDING("getRecording", Code.RECORDING_LIST_ERROR_CODE, "GET", "/api/recordings/{id}"),
    /** {@code GET /api/recordings} */
    LIST_RECORDINGS("listRecordings", Code.RECORDING_LIST_ERROR_CODE, "GET", "/api/recordings"),
    /** {@code DELETE /api/recordings/{id}} */
    DELETE_RECORDING("deleteRecording", Code.RECORDING_DELETE_ERROR_CODE, "DELETE", "/api/recordings/{id}");

    private final String methodName;
    private final Code code;
    private final String httpMethod;
    private final String pathTemplate;
    private final int parameterCount;

    Operation(String methodName, Code code, String httpMethod, String pathTemplate) {
        this.methodName = methodName;
        this.code = code;
        this.httpMethod = httpMethod;
        this.pathTemplate = pathTemplate;
        int n = 0;
        for (Matcher m = Parameters.PATTERN.matcher(pathTemplate); m.find();) {
            n++;
        }
        this.parameterCount = n;
    }

    /**
     * The name of the public method, e.g. {@code startRecording}.
     *
     * @return the method name
     */
    public String methodName() {
        return methodName;
    }

    /**
     * The 1.8 code carried by every failure of this operation.
     *
     * @return the code
     */
    public Code code() {
        return code;
    }

    /**
     * The HTTP method.
     *
     * @return e.g. {@code POST}
     */
    public String httpMethod() {
        return httpMethod;
    }

    /**
     * The path below the base URL, with its parameters in braces.
     *
     * @return e.g. {@code /api/recordings/stop/{id}}
     */
    public String pathTemplate() {
        return pathTemplate;
    }

    /**
     * How many parameters the path template has.
     *
     * @return 0 or 1 for the 1.8 API
     */
    public int parameterCount() {
        return parameterCount;
    }

    /**
     * The path of a call: the template with each parameter replaced, in order, by the percent-encoded value.
     *
     * @param values one raw value per parameter of the template
     * @return the path, e.g. {@code /api/recordings/stop/abc%2F1}
     * @throws IllegalArgumentException if the number of values is not {@link #parameterCount()}, or a value
     *         is {@code null}
     */
    public String path(String... values) {
        if (values.length != parameterCount) {
            throw new IllegalArgumentException(this + " (" + pathTemplate + ") takes " + parameterCount
                    + " path parameter(s), got " + values.length);
        }
        Matcher m = Parameters.PATTERN.matcher(pathTemplate);
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (m.find()) {
            if (values[i] == null) {
                throw new IllegalArgumentException(this + ": path parameter " + m.group() + " must not be null");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(encodePathSegment(values[i++])));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A parameter of a path template; in a holder because an enum's constructor cannot read its statics. */
    private static final class Parameters {
        static final Pattern PATTERN = Pattern.compile("\\{[a-zA-Z]+\\}");
    }

    /**
     * Percent-encodes one path segment (RFC 3986: everything but unreserved characters).
     *
     * @param segment the raw segment
     * @return the encoded segment
     */
    static String encodePathSegment(String segment) {
        StringBuilder sb = new StringBuilder();
        for (byte b : segment.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
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
