package dev.ovstub.server.internal.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** Checks {@code Authorization: Basic} against OPENVIDUAPP and the server secret, in constant time. */
final class BasicAuth {
    static final String USER = "OPENVIDUAPP";
    static final String CHALLENGE = "Basic realm=\"OpenVidu\"";
    private final byte[] expected;

    BasicAuth(String secret) {
        this.expected = (USER + ":" + secret).getBytes(StandardCharsets.UTF_8);
    }

    boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() < 6
                || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorizationHeader.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, expected);
    }
}
