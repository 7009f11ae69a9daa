package dev.ovstub.server.internal.recording;

/** A recording operation was refused or failed; {@link #reason()} says how, the message says why. */
public final class RecordingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Each reason maps to one HTTP status. */
    public enum Reason {
        /** 404: no such recording, or it is not being recorded any more. */
        NOT_FOUND(404),
        /** 409: already being recorded, or deleted while active. */
        CONFLICT(409),
        /** 406: stopped while still starting. */
        NOT_ACCEPTABLE(406),
        /** 501: recording is disabled on this server. */
        DISABLED(501),
        /** 500: the recorder failed; the recording is persisted as {@code failed}. */
        RECORDER_FAILED(500),
        /**
         * 500: the recordings folder cannot be written (deleted, not a folder, read-only, full). The message names
         * the problem and the property, never an absolute path (it reaches HTTP clients).
         */
        STORAGE_FAILED(500),
        /** 503: {@code openvidu.recording.max-concurrent} recorders are already running. */
        TOO_MANY_RECORDINGS(503);

        private final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Reason reason;

    public RecordingException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RecordingException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** 501: recording is off on this server; the message says how to turn it on. */
    public static RecordingException disabled() {
        return new RecordingException(Reason.DISABLED,
                "recording is disabled on this server (start it with openvidu.recording=true)");
    }

    public Reason reason() {
        return reason;
    }
}
