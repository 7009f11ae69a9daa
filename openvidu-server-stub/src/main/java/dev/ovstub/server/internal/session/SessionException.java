package dev.ovstub.server.internal.session;

/** A session operation was refused; {@link #reason()} says how, the message says why. */
public final class SessionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an operation was refused; each maps to one HTTP status. */
    public enum Reason { BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT }

    private final Reason reason;

    public SessionException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
