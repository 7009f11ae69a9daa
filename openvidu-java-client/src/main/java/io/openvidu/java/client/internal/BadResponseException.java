package io.openvidu.java.client.internal;

/**
 * A success response whose body could not be understood. Turned into an
 * {@link io.openvidu.java.client.OpenViduResponseException} by {@link HttpTransport}.
 */
public final class BadResponseException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the body
     * @param cause the parser's exception, or {@code null}
     */
    public BadResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
