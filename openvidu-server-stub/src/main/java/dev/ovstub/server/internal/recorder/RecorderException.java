package dev.ovstub.server.internal.recorder;

/** The recorder could not start, record or finish its file. The message says why. */
public class RecorderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RecorderException(String message) {
        super(message);
    }

    public RecorderException(String message, Throwable cause) {
        super(message, cause);
    }
}
