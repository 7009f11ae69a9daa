package dev.ovstub.server.internal.session;

/** A session operation was refused; {@link #reason()} says how, the message says why. */
public final class SessionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an operation was refused; each maps to one HTTP status. */
    public enum Reason {
        BAD_REQUEST(400), UNAUTHORIZED(401), FORBIDDEN(403), NOT_FOUND(404), METHOD_NOT_ALLOWED(405),
        NOT_ACCEPTABLE(406), CONFLICT(409), UNPROCESSABLE(422);

        private final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        /** The status the HTTP API answers, and the control API's Java form reports, for this refusal. */
        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Reason reason;

    public SessionException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
