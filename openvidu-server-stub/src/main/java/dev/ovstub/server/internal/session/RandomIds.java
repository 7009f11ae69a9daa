package dev.ovstub.server.internal.session;

import java.security.SecureRandom;

/** Random identifiers in OpenVidu's format: lower-case letters and digits. */
public final class RandomIds {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {}

    private static final char[] UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
    private static final char[] MIXED = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    /**
     * An OpenVidu 2.x id: {@code prefix}, one upper-case letter, then {@code length - 1} letters and digits of
     * both cases ({@code ses_YnDaGYNcd7} is {@code v2("ses_", 10)}).
     */
    public static String v2(String prefix, int length) {
        StringBuilder out = new StringBuilder(prefix.length() + length).append(prefix);
        out.append(UPPER[RANDOM.nextInt(UPPER.length)]);
        for (int i = 1; i < length; i++) {
            out.append(MIXED[RANDOM.nextInt(MIXED.length)]);
        }
        return out.toString();
    }

    public static String next(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
