package dev.ovstub.server.internal.api;

import java.nio.charset.StandardCharsets;

/**
 * How the reason of an error answer travels: the {@value #NAME} response header, on every error answer. Under the
 * OpenVidu REST API it is the only place, since those answers have no body (see {@link Exchange#sendError}).
 *
 * <p>The value is the message as is when it is printable ASCII, so {@code curl -i} shows it plainly; any other
 * character (non-ASCII, control characters such as CR and LF that a header cannot carry) and {@code %} itself are
 * written as {@code %XX} escapes of their UTF-8 bytes, which clients decode as in a URL.
 */
final class ErrorHeader {
    static final String NAME = "X-OpenVidu-Error";
    private static final int MAX_LENGTH = 2_000;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ErrorHeader() {}

    /** Whether error answers to this path carry no body: the OpenVidu REST API, which the official client calls. */
    static boolean statusOnly(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }

    /** The header value for a message: printable ASCII kept, everything else percent-escaped, length bounded. */
    static String encode(String message) {
        String text = message == null ? "" : message;
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
            if (out.length() >= MAX_LENGTH) {
                out.append("...");
                break;
            }
        }
        return out.toString();
    }
}
