package dev.ovstub.server;

/**
 * A simulation request was refused, for the same reason and with the same status the control API would answer:
 * 400 malformed, 401 bad or used token or wrong secret, 403 a SUBSCRIBER publishing, 404 unknown, 409 conflict.
 */
public class StubException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public StubException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the control API answers for the same refusal. */
    public int status() {
        return status;
    }
}
