package dev.ovstub.server.internal.recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * The recordings folder refused a write or a read. {@link #problem()} says what is wrong with the folder in words
 * fit for an HTTP client (no absolute path); {@link #getCause()} keeps the full detail for the server's log.
 */
public final class StorageException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    private final String problem;

    StorageException(String action, IOException cause) {
        super(action + ": " + cause, cause);
        this.problem = describe(cause);
    }

    /**
     * What is wrong, e.g. {@code the recordings folder (openvidu.recording.path) cannot be written: it is not a
     * folder any more}. Never contains a path.
     */
    public String problem() {
        return problem;
    }

    static String describe(IOException e) {
        return "the recordings folder (openvidu.recording.path) cannot be written: " + reason(e);
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "it no longer exists";
        }
        if (e instanceof NotDirectoryException) {
            return "it is not a folder any more";
        }
        String text = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
        if (e instanceof AccessDeniedException || lower.contains("operation not permitted") || lower.contains("permission denied")) {
            return "permission denied (is it read-only?)";
        }
        if (text == null || text.isBlank()) {
            return e.getClass().getSimpleName();
        }
        if (lower.contains("not a directory")) {
            return "it is not a folder any more";
        }
        if (lower.contains("no space left")) {
            return "the disk is full (no space left on device)";
        }
        if (lower.contains("read-only file system")) {
            return "it is on a read-only file system";
        }
        if (e instanceof FileSystemException) {
            return text; // the operating system's reason ("Input/output error"): the files are kept apart from it
        }
        // Any other message might name a file.
        return text.indexOf('/') >= 0 || text.indexOf('\\') >= 0 ? e.getClass().getSimpleName() : text;
    }
}
