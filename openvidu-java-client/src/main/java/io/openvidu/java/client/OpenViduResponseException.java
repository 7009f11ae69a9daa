package io.openvidu.java.client;

/**
 * The server answered with a success status, but its body could not be understood: it is not
 * JSON, it is truncated, or a field this client needs (such as a recording's {@code id}) is
 * missing or of the wrong type. {@link #getCause()} is the parser's exception, when there is one.
 *
 * <p>The call may have taken effect on the server.
 */
public class OpenViduResponseException extends OpenViduException {

    private static final long serialVersionUID = 1L;

    /** HTTP status. */
    private final int status;
    /** HTTP method. */
    private final String method;
    /** Request path. */
    private final String path;
    /** Raw body, possibly truncated. */
    private final String responseBody;

    /**
     * Creates the exception. Public so that tests of code using this client can build one.
     *
     * @param code which operation failed
     * @param message full message (what was attempted and why it failed)
     * @param status the HTTP status the server answered
     * @param method the HTTP method of the request
     * @param path the path of the request
     * @param responseBody the raw response body (possibly truncated), or {@code null}
     * @param cause the parser's exception, or {@code null}
     */
    public OpenViduResponseException(Code code, String message, int status, String method, String path,
            String responseBody, Throwable cause) {
        super(code, message, cause);
        this.status = status;
        this.method = method;
        this.path = path;
        this.responseBody = responseBody == null ? "" : responseBody;
    }

    /**
     * The HTTP status the server answered.
     *
     * @return e.g. 200
     */
    public int getStatus() {
        return status;
    }

    /**
     * The HTTP method of the request.
     *
     * @return e.g. {@code GET}
     */
    public String getMethod() {
        return method;
    }

    /**
     * The path of the request.
     *
     * @return e.g. {@code /api/recordings/abc}
     */
    public String getPath() {
        return path;
    }

    /**
     * The raw response body, decoded as UTF-8 and truncated to 64 KiB.
     *
     * @return the body; empty when there was none
     */
    public String getResponseBody() {
        return responseBody;
    }
}
