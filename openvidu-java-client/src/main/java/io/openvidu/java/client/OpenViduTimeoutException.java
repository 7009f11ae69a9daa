package io.openvidu.java.client;

/**
 * A timeout fired: the connection could not be established in time, the server did not answer
 * in time, or no pooled connection became free in time. {@link #getPhase()} says which.
 */
public class OpenViduTimeoutException extends OpenViduTransportException {

    private static final long serialVersionUID = 1L;

    /** Which timeout fired. */
    public enum Phase {
        /** The TCP (or TLS) connection was not established within the connect timeout. */
        CONNECT,
        /** The server did not answer within the response timeout. The request may have taken effect. */
        RESPONSE,
        /** Every connection of the pool stayed busy for the whole connection-request timeout. */
        CONNECTION_POOL
    }

    /** Which timeout fired. */
    private final Phase phase;

    /**
     * Creates the exception. Public so that tests of code using this client can build one.
     *
     * @param code which operation failed
     * @param message full message (what was attempted and why it failed)
     * @param requestLine method and path of the request
     * @param phase which timeout fired
     * @param cause the underlying failure
     * @throws IllegalArgumentException if {@code requestLine} is {@code null}
     */
    public OpenViduTimeoutException(Code code, String message, RequestLine requestLine, Phase phase,
            Throwable cause) {
        super(code, message, requestLine, cause);
        this.phase = phase;
    }

    /**
     * Which timeout fired.
     *
     * @return the phase
     */
    public Phase getPhase() {
        return phase;
    }
}
