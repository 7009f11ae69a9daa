package dev.ovstub.server.internal.webhook;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON array of strings ({@code ["a", "b\"c"]}), the format of OpenVidu's webhook settings, without a JSON
 * library: settings are read at every start-up, and Jackson is loaded only once the webhook sends.
 */
final class JsonStrings {
    private final String text;
    private int pos;

    private JsonStrings(String text) {
        this.text = text;
    }

    /**
     * The strings of a JSON array of strings.
     *
     * @throws IllegalArgumentException saying what is wrong and where (never quoting the text: it may hold a token)
     */
    static List<String> parseArray(String text) {
        JsonStrings p = new JsonStrings(text);
        List<String> values = new ArrayList<>();
        p.skipSpace();
        p.expect('[', "a JSON array starting with '['");
        p.skipSpace();
        if (p.peek() == ']') {
            p.pos++;
        } else {
            while (true) {
                p.skipSpace();
                if (p.peek() != '"') {
                    throw p.error("entry " + (values.size() + 1) + " is not a JSON string");
                }
                values.add(p.string());
                p.skipSpace();
                char c = p.peek();
                p.pos++;
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    throw p.error("expected ',' or ']' after entry " + values.size());
                }
            }
        }
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected text after the array");
        }
        return values;
    }

    private String string() {
        pos++; // the opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string (escape it)");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"': case '\\': case '/': out.append(e); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case 'u':
                    if (pos + 4 > text.length()) {
                        throw error("bad \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                    break;
                default:
                    throw error("bad escape \\" + e);
            }
        }
    }

    private void expect(char c, String what) {
        if (peek() != c) {
            throw error("expected " + what);
        }
        pos++;
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message + " (at character " + (Math.min(pos, text.length()) + 1) + ")");
    }
}
