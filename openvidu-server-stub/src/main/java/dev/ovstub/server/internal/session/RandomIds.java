package dev.ovstub.server.internal.session;

import java.security.SecureRandom;

/** Random identifiers in OpenVidu's format: lower-case letters and digits. */
public final class RandomIds {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {}

    public static String next(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
