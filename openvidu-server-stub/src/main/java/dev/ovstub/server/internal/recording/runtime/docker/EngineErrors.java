package dev.ovstub.server.internal.recording.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;

/** Turns what docker-java throws into the engine's own words. */
final class EngineErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineErrors() {}

    /**
     * The engine's reason: the {@code message} of its JSON error body when it sent one, else the exception's
     * message, else its class name. Never null.
     */
    static String reason(Throwable e) {
        if (e instanceof DockerException de) {
            String body = stripStatusPrefix(de.getMessage());
            String message = jsonMessage(body);
            return message != null ? message : body;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + m;
    }

    /**
     * Whether a create-container call failed because the name is taken: Docker answers 409, Podman (4.x) 500
     * with "... is already in use".
     */
    static boolean isNameConflict(RuntimeException e) {
        return e instanceof ConflictException
                || e instanceof DockerException && reason(e).contains("already in use");
    }

    /**
     * Whether a call on a container failed because it is not running (any more): Docker answers 404 or 409, Podman
     * (4.x) 500 with "container state improper".
     */
    static boolean isNotRunning(RuntimeException e) {
        if (e instanceof NotFoundException || e instanceof ConflictException) {
            return true;
        }
        if (!(e instanceof DockerException)) {
            return false;
        }
        String why = reason(e);
        return why.contains("not running") || why.contains("state improper") || why.contains("no such container");
    }

    /** docker-java prefixes the body with {@code "Status 404: "}. */
    private static String stripStatusPrefix(String message) {
        if (message == null) {
            return "";
        }
        String m = message.trim();
        if (m.startsWith("Status ")) {
            int colon = m.indexOf(':');
            if (colon > 0) {
                return m.substring(colon + 1).trim();
            }
        }
        return m;
    }

    private static String jsonMessage(String body) {
        if (!body.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode message = node.get("message");
            return message != null && message.isTextual() ? message.asText() : null;
        } catch (Exception notJson) {
            return null;
        }
    }
}
