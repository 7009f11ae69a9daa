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

    /** HTTP method. */
    private final String method;
    /** Request path. */
    private final String path;

    /**
     * Creates the exception. Public so that tests of code using this client can build one.
     *
     * @param code which operation failed
     * @param message full message (what was attempted and why it failed)
     * @param method the HTTP method of the request
     * @param path the path of the request
     * @param cause the underlying failure
     */
    public OpenViduTransportException(Code code, String message, String method, String path, Throwable cause) {
        super(code, message, cause);
        this.method = method;
        this.path = path;
    }

    /**
     * The HTTP method of the failed request.
     *
     * @return e.g. {@code GET}
     */
    public String getMethod() {
        return method;
    }

    /**
     * The path of the failed request.
     *
     * @return e.g. {@code /api/recordings}
     */
    public String getPath() {
        return path;
    }
}
