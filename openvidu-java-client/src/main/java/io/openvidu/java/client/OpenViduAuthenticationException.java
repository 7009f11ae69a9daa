package io.openvidu.java.client;

/**
 * The server refused the credentials (HTTP 401, or 403): the secret is wrong, or the URL points to a
 * server that does not accept it. The client sends its credentials with every request, so a 401 is
 * never retried.
 */
public class OpenViduAuthenticationException extends OpenViduHttpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception. Public so that tests of code using this client can build one.
     *
     * @param code which operation failed
     * @param message full message (what was attempted and why it failed)
     * @param status the HTTP status the server answered (401 or 403)
     * @param requestLine method and path of the request
     * @param serverMessage the server's error message, or {@code null} when it gave none
     * @param responseBody the raw response body, or {@code null} for none
     * @throws IllegalArgumentException if {@code requestLine} is {@code null}
     */
    public OpenViduAuthenticationException(Code code, String message, int status, RequestLine requestLine,
            String serverMessage, String responseBody) {
        super(code, message, status, requestLine, serverMessage, responseBody);
    }
}
