package io.openvidu.java.client;

/**
 * The server answered a call with an error status (any status but 2xx).
 *
 * <p>Carries the HTTP status, the request method and path, the error message the server gave
 * (the {@code message} field of a JSON error body, or a plain-text body) and the raw body. The
 * exception message reads like
 * {@code startRecording(wss://localhost:8443/abc): 409 Conflict: the session is already being recorded}.
 *
 * <p>Statuses with a well-known meaning have their own subclass:
 * {@link OpenViduBadRequestException} (400), {@link OpenViduAuthenticationException} (401, 403),
 * {@link OpenViduNotFoundException} (404), {@link OpenViduConflictException} (406, 409) and
 * {@link OpenViduServerErrorException} (5xx). Any other status is thrown as this class.
 */
public class OpenViduHttpException extends OpenViduException {

    private static final long serialVersionUID = 1L;

    /** HTTP status. */
    private final int status;
    /** Method and path of the request. */
    private final RequestLine requestLine;
    /** The server's error message, or null. */
    private final String serverMessage;
    /** Raw body, possibly truncated. */
    private final String responseBody;

    /**
     * Creates the exception. Public so that tests of code using this client can build one.
     *
     * @param code which operation failed
     * @param message full message (what was attempted and why it failed)
     * @param status the HTTP status the server answered
     * @param requestLine method and path of the request, e.g. {@code RequestLine.of("POST", "/api/recordings/start")}
     * @param serverMessage the server's error message, or {@code null} when it gave none
     * @param responseBody the raw response body (possibly truncated), or {@code null} for none
     * @throws IllegalArgumentException if {@code requestLine} is {@code null}
     */
    public OpenViduHttpException(Code code, String message, int status, RequestLine requestLine,
            String serverMessage, String responseBody) {
        super(code, message);
        this.status = status;
        this.requestLine = SessionProperties.requireArgument(requestLine, "requestLine");
        this.serverMessage = serverMessage;
        this.responseBody = responseBody == null ? "" : responseBody;
    }

    /**
     * The HTTP status the server answered.
     *
     * @return the status, e.g. 409
     */
    public int getStatus() {
        return status;
    }

    /**
     * Method and path of the failed request.
     *
     * @return e.g. {@code POST /api/recordings/start}
     */
    public RequestLine getRequestLine() {
        return requestLine;
    }

    /**
     * The HTTP method of the failed request; same as {@code getRequestLine().getMethod()}.
     *
     * @return e.g. {@code POST}
     */
    public String getMethod() {
        return requestLine.getMethod();
    }

    /**
     * The path of the failed request (without scheme, host and query); same as
     * {@code getRequestLine().getPath()}.
     *
     * @return e.g. {@code /api/recordings/start}
     */
    public String getPath() {
        return requestLine.getPath();
    }

    /**
     * The error message the server gave: the {@code X-OpenVidu-Error} response header, in which the OpenVidu
     * stub server gives the reason of its body-less error answers; else the {@code message} field of a JSON error
     * body, or the text of a plain-text body (other servers).
     *
     * @return the server's message, or {@code null} when the server gave none
     */
    public String getServerMessage() {
        return serverMessage;
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
