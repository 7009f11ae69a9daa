package io.openvidu.java.client;

/**
 * The target is not in a state that allows the call (HTTP 409 Conflict, or 406 Not Acceptable as
 * OpenVidu 1.8 answers it): the session is already being recorded or is not ROUTED, the recording
 * is still starting and cannot be stopped yet, or it is still running and cannot be deleted.
 * Trying again later, or after another call, may succeed.
 */
public class OpenViduConflictException extends OpenViduHttpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception. Public so that tests of code using this client can build one.
     *
     * @param code which operation failed
     * @param message full message (what was attempted and why it failed)
     * @param status the HTTP status the server answered (406 or 409)
     * @param requestLine method and path of the request
     * @param serverMessage the server's error message, or {@code null} when it gave none
     * @param responseBody the raw response body, or {@code null} for none
     * @throws IllegalArgumentException if {@code requestLine} is {@code null}
     */
    public OpenViduConflictException(Code code, String message, int status, RequestLine requestLine,
            String serverMessage, String responseBody) {
        super(code, message, status, requestLine, serverMessage, responseBody);
    }
}
