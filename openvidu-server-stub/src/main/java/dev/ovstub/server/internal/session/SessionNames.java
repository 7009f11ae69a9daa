package dev.ovstub.server.internal.session;

/**
 * The rule for session ids and names that come in from outside (JSON bodies, the Java API): no control
 * characters. CR and LF would forge lines in logs and break headers that echo the id; the other C0 and C1 controls,
 * the Unicode line and paragraph separators and the bidirectional overrides can do the same to a log or a terminal.
 * Nothing else is restricted here (insecure session names have their own, stricter, pattern).
 */
public final class SessionNames {
    private SessionNames() {}

    /**
     * Refuses an id or name with a control character.
     *
     * @param field the name of the field it came in, for the message (e.g. {@code session})
     * @throws SessionException {@link SessionException.Reason#BAD_REQUEST} naming the field, the character (as
     *                          {@code U+XXXX}) and its position, without echoing the value
     */
    public static String requireNoControlCharacters(String field, String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isControl(c)) {
                throw new SessionException(SessionException.Reason.BAD_REQUEST, String.format(
                        "%s: control character U+%04X at index %d is not allowed in a session id or name", field, (int) c, i));
            }
        }
        return value;
    }

    static boolean isControl(char c) {
        int type = Character.getType(c);
        return type == Character.CONTROL
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200E' || c == '\u200F' || c == '\u061C';
    }
}
