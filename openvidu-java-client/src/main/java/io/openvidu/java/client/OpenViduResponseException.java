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
    /** Method and path of the request. */
    private final RequestLine requestLine;
    /** Raw body, possibly truncated. */
    private final String responseBody;

    /**
     * Creates the exception. Public so that tests of code using this client can build one.
     *
     * @param code which operation failed
     * @param message full message (what was attempted and why it failed)
     * @param status the HTTP status the server answered
     * @param requestLine method and path of the request
     * @param responseBody the raw response body (possibly truncated), or {@code null}
     * @param cause the parser's exception, or {@code null}
     * @throws IllegalArgumentException if {@code requestLine} is {@code null}
     */
    public OpenViduResponseException(Code code, String message, int status, RequestLine requestLine,
            String responseBody, Throwable cause) {
        super(code, message, cause);
        this.status = status;
        this.requestLine = SessionProperties.requireArgument(requestLine, "requestLine");
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
     * Method and path of the request.
     *
     * @return e.g. {@code GET /api/recordings/abc}
     */
    public RequestLine getRequestLine() {
        return requestLine;
    }

    /**
     * The HTTP method of the request; same as {@code getRequestLine().getMethod()}.
     *
     * @return e.g. {@code GET}
     */
    public String getMethod() {
        return requestLine.getMethod();
    }

    /**
     * The path of the request; same as {@code getRequestLine().getPath()}.
     *
     * @return e.g. {@code /api/recordings/abc}
     */
    public String getPath() {
        return requestLine.getPath();
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
