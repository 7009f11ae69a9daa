package io.openvidu.java.client;

/**
 * The server rejected the request as invalid (HTTP 400): for example an unknown enum name, a token for an
 * unknown session, token data that is too long, or a recording started for a session without participants.
 */
public class OpenViduBadRequestException extends OpenViduHttpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception. Public so that tests of code using this client can build one.
     *
     * @param code which operation failed
     * @param message full message (what was attempted and why it failed)
     * @param status the HTTP status the server answered (400)
     * @param requestLine method and path of the request
     * @param serverMessage the server's error message, or {@code null} when it gave none
     * @param responseBody the raw response body, or {@code null} for none
     * @throws IllegalArgumentException if {@code requestLine} is {@code null}
     */
    public OpenViduBadRequestException(Code code, String message, int status, RequestLine requestLine,
            String serverMessage, String responseBody) {
        super(code, message, status, requestLine, serverMessage, responseBody);
    }
}
