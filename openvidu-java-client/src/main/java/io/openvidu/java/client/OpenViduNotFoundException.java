package io.openvidu.java.client;

/**
 * The server does not know what the call refers to (HTTP 404): an unknown recording id, a recording
 * that is already stopped, or a session that is not live (nobody joined it yet, or it was closed).
 */
public class OpenViduNotFoundException extends OpenViduHttpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception. Public so that tests of code using this client can build one.
     *
     * @param code which operation failed
     * @param message full message (what was attempted and why it failed)
     * @param status the HTTP status the server answered (404)
     * @param requestLine method and path of the request
     * @param serverMessage the server's error message, or {@code null} when it gave none
     * @param responseBody the raw response body, or {@code null} for none
     * @throws IllegalArgumentException if {@code requestLine} is {@code null}
     */
    public OpenViduNotFoundException(Code code, String message, int status, RequestLine requestLine,
            String serverMessage, String responseBody) {
        super(code, message, status, requestLine, serverMessage, responseBody);
    }
}
