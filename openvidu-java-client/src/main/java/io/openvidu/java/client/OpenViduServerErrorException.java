package io.openvidu.java.client;

/**
 * The server failed while handling the call (HTTP 5xx). The request may or may not have taken
 * effect.
 */
public class OpenViduServerErrorException extends OpenViduHttpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception. Public so that tests of code using this client can build one.
     *
     * @param code which operation failed
     * @param message full message (what was attempted and why it failed)
     * @param status the HTTP status the server answered (5xx)
     * @param requestLine method and path of the request
     * @param serverMessage the server's error message, or {@code null} when it gave none
     * @param responseBody the raw response body, or {@code null} for none
     * @throws IllegalArgumentException if {@code requestLine} is {@code null}
     */
    public OpenViduServerErrorException(Code code, String message, int status, RequestLine requestLine,
            String serverMessage, String responseBody) {
        super(code, message, status, requestLine, serverMessage, responseBody);
    }
}
