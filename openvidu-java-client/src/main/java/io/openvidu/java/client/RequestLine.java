package io.openvidu.java.client;

import java.io.Serializable;

/**
 * The HTTP method and path of a request the client sent, as carried by the exceptions of a failed call
 * ({@link OpenViduHttpException#getRequestLine()}, {@link OpenViduTransportException#getRequestLine()},
 * {@link OpenViduResponseException#getRequestLine()}). Immutable, thread-safe and serializable.
 *
 * <p>One value instead of two {@code String} parameters, so that method and path cannot be swapped when an
 * exception is built (for example by tests of code that uses this client):
 *
 * <pre>{@code
 * new OpenViduNotFoundException(Code.RECORDING_STOP_ERROR_CODE, "stopRecording(abc): 404 Not Found", 404,
 *         RequestLine.of("POST", "/api/recordings/stop/abc"), null, null);
 * }</pre>
 */
public final class RequestLine implements Serializable {

    private static final long serialVersionUID = 1L;

    /** HTTP method. */
    private final String method;
    /** Request path. */
    private final String path;

    private RequestLine(String method, String path) {
        this.method = method;
        this.path = path;
    }

    /**
     * Creates a request line.
     *
     * @param method the HTTP method, an upper-case token such as {@code POST}
     * @param path the path of the request without scheme, host and query, starting with {@code /}, e.g.
     *        {@code /api/recordings/start} (percent-encoded as sent)
     * @return the request line
     * @throws IllegalArgumentException if {@code method} is {@code null} or not an upper-case token (letters
     *         {@code A-Z} only), or {@code path} is {@code null} or does not start with {@code /}
     */
    public static RequestLine of(String method, String path) {
        if (method == null || method.isEmpty() || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new IllegalArgumentException("method must be an upper-case HTTP method such as POST, was: " + method);
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', was: " + path);
        }
        return new RequestLine(method, path);
    }

    /**
     * Keeps the invariants of {@link #of(String, String)} for deserialized values.
     *
     * @return a checked copy
     */
    private Object readResolve() {
        return of(method, path);
    }

    /**
     * The HTTP method.
     *
     * @return e.g. {@code POST}
     */
    public String getMethod() {
        return method;
    }

    /**
     * The path of the request (without scheme, host and query).
     *
     * @return e.g. {@code /api/recordings/start}
     */
    public String getPath() {
        return path;
    }

    /**
     * Equal when method and path are equal.
     *
     * @param o the other object
     * @return whether they are equal
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RequestLine)) {
            return false;
        }
        RequestLine other = (RequestLine) o;
        return method.equals(other.method) && path.equals(other.path);
    }

    /**
     * Hash of method and path.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return 31 * method.hashCode() + path.hashCode();
    }

    /**
     * Method and path as in an HTTP request line.
     *
     * @return e.g. {@code POST /api/recordings/start}
     */
    @Override
    public String toString() {
        return method + " " + path;
    }
}
