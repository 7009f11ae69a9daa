package io.openvidu.java.client;

/**
 * No usable answer came back from the server: the connection was refused or reset, the host
 * could not be resolved, the TLS handshake failed (for example an untrusted certificate), or a
 * timeout fired ({@link OpenViduTimeoutException}). {@link #getCause()} is the underlying
 * {@link java.io.IOException}.
 *
 * <p>Whether the server acted on the request is unknown when the failure happened after it was
 * sent.
 */
public class OpenViduTransportException extends OpenViduException {

    private static final long serialVersionUID = 1L;

    /** Method and path of the request. */
    private final RequestLine requestLine;

    /**
     * Creates the exception. Public so that tests of code using this client can build one.
     *
     * @param code which operation failed
     * @param message full message (what was attempted and why it failed)
     * @param requestLine method and path of the request
     * @param cause the underlying failure
     * @throws IllegalArgumentException if {@code requestLine} is {@code null}
     */
    public OpenViduTransportException(Code code, String message, RequestLine requestLine, Throwable cause) {
        super(code, message, cause);
        this.requestLine = SessionProperties.requireArgument(requestLine, "requestLine");
    }

    /**
     * Method and path of the failed request.
     *
     * @return e.g. {@code GET /api/recordings}
     */
    public RequestLine getRequestLine() {
        return requestLine;
    }

    /**
     * The HTTP method of the failed request; same as {@code getRequestLine().getMethod()}.
     *
     * @return e.g. {@code GET}
     */
    public String getMethod() {
        return requestLine.getMethod();
    }

    /**
     * The path of the failed request; same as {@code getRequestLine().getPath()}.
     *
     * @return e.g. {@code /api/recordings}
     */
    public String getPath() {
        return requestLine.getPath();
    }
}
