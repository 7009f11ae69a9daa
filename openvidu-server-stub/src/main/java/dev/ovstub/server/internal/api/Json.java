package dev.ovstub.server.internal.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the request route: reading request bodies and writing answers, without a data-binding library.
 * A fresh JVM answers its first request sooner when it does not load one (Jackson's databind is about 400
 * classes); the recording JSON and the layout state keep their own owners ({@code RecordingJson},
 * {@code LayoutState}), which are loaded only when a recording route is used.
 *
 * <p>Reading is strict RFC 8259, as Jackson's default reader was: no comments, no single quotes, no leading zeros,
 * no unescaped control characters in strings, nothing after the value; duplicate names keep the last value.
 * Values are {@link String}, {@link Boolean}, {@link NumberText} (its JSON text), {@link #NULL}, {@link List} and
 * {@link Map} (in document order). Writing escapes as Jackson's default writer does ({@code "}, {@code \},
 * {@code \b \t \n \f \r}, other control characters as {@code \}{@code u00XX}, everything else as UTF-8), so
 * answers are byte for byte what they were.
 */
final class Json {
    /** JSON's {@code null}. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A JSON number as it was written. */
    record NumberText(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** Thrown for malformed JSON; the message names the problem and where it is. */
    static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    private static final int MAX_DEPTH = 500;

    private Json() {}

    /** Parses one JSON value, the whole of {@code text}. */
    static Object parse(String text) throws MalformedException {
        Reader r = new Reader(text);
        r.skipSpace();
        Object v = r.value(0);
        r.skipSpace();
        if (r.pos < text.length()) {
            throw r.fail("unexpected content after the value");
        }
        return v;
    }

    /** The kind of a parsed value, in words: string, number, boolean, null, array, object. */
    static String kind(Object v) {
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof NumberText) {
            return "number";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        if (v instanceof List) {
            return "array";
        }
        if (v instanceof Map) {
            return "object";
        }
        return "null";
    }

    /** A parsed value written back as JSON (for error messages). */
    static String write(Object v) {
        StringBuilder out = new StringBuilder();
        writeValue(out, v);
        return out.toString();
    }

    private static void writeValue(StringBuilder out, Object v) {
        if (v instanceof String) {
            quote(out, (String) v);
        } else if (v instanceof List) {
            out.append('[');
            boolean first = true;
            for (Object item : (List<?>) v) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeValue(out, item);
            }
            out.append(']');
        } else if (v instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(out, (String) e.getKey());
                out.append(':');
                writeValue(out, e.getValue());
            }
            out.append('}');
        } else {
            out.append(v); // Boolean, NumberText, NULL
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Appends {@code s} as a JSON string, escaped as Jackson's default writer escapes it. */
    static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\b': out.append("\\b"); break;
                case '\t': out.append("\\t"); break;
                case '\n': out.append("\\n"); break;
                case '\f': out.append("\\f"); break;
                case '\r': out.append("\\r"); break;
                default:
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else if (Character.isSurrogate(c)) {
                        // Jackson writes characters outside the BMP as two escaped surrogates: \uD83D\uDE00
                        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    /** Builds one JSON object, fields in the order they are put. */
    static final class ObjectWriter {
        private final StringBuilder out = new StringBuilder(128).append('{');
        private boolean empty = true;

        private StringBuilder name(String name) {
            if (!empty) {
                out.append(',');
            }
            empty = false;
            quote(out, name);
            return out.append(':');
        }

        /** A string field; null writes {@code null}. */
        ObjectWriter put(String name, String value) {
            StringBuilder o = name(name);
            if (value == null) {
                o.append("null");
            } else {
                quote(o, value);
            }
            return this;
        }

        ObjectWriter put(String name, long value) {
            name(name).append(value);
            return this;
        }

        ObjectWriter put(String name, boolean value) {
            name(name).append(value);
            return this;
        }

        /** A field whose value is JSON already (an object or array written by another owner). */
        ObjectWriter putRaw(String name, String json) {
            name(name).append(json);
            return this;
        }

        /** A field holding an array of JSON values written already. */
        ObjectWriter putRawArray(String name, List<String> jsonItems) {
            StringBuilder o = name(name).append('[');
            for (int i = 0; i < jsonItems.size(); i++) {
                if (i > 0) {
                    o.append(',');
                }
                o.append(jsonItems.get(i));
            }
            o.append(']');
            return this;
        }

        String toJson() {
            return out + "}";
        }

        byte[] toBytes() {
            return toJson().getBytes(StandardCharsets.UTF_8);
        }
    }

    static ObjectWriter object() {
        return new ObjectWriter();
    }

    /** A JSON array of strings. */
    static String stringArray(List<String> items) {
        StringBuilder out = new StringBuilder().append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            quote(out, items.get(i));
        }
        return out.append(']').toString();
    }

    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s) {
            this.s = s;
        }

        MalformedException fail(String what) {
            // line and column, 1-based, as a person counts them in the body they sent
            int line = 1;
            int col = 1;
            for (int i = 0; i < Math.min(pos, s.length()); i++) {
                if (s.charAt(i) == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
            }
            return new MalformedException(what + " at line " + line + ", column " + col);
        }

        void skipSpace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    return;
                }
            }
        }

        Object value(int depth) throws MalformedException {
            if (pos >= s.length()) {
                throw fail("unexpected end of input, expecting a value");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{': return object(depth + 1);
                case '[': return array(depth + 1);
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", NULL);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw fail("unexpected character " + describe(c) + ", expecting a value");
            }
        }

        private static String describe(char c) {
            return c < 0x20 || c == 0x7F ? "(code " + (int) c + ")" : "'" + c + "'";
        }

        private Object literal(String word, Object value) throws MalformedException {
            if (!s.startsWith(word, pos)) {
                throw fail("unrecognized token, expecting a value");
            }
            pos += word.length();
            if (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
                throw fail("unrecognized token, expecting a value");
            }
            return value;
        }

        private Map<String, Object> object(int depth) throws MalformedException {
            if (depth > MAX_DEPTH) {
                throw fail("nesting deeper than " + MAX_DEPTH);
            }
            pos++; // {
            Map<String, Object> fields = new LinkedHashMap<>();
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return fields;
            }
            while (true) {
                skipSpace();
                if (pos >= s.length()) {
                    throw fail("unexpected end of input inside an object");
                }
                if (s.charAt(pos) != '"') {
                    throw fail("unexpected character " + describe(s.charAt(pos)) + ", expecting a double-quoted field name");
                }
                String name = string();
                skipSpace();
                if (pos >= s.length() || s.charAt(pos) != ':') {
                    throw fail(pos >= s.length() ? "unexpected end of input inside an object" : "expecting ':' after a field name");
                }
                pos++;
                skipSpace();
                fields.put(name, value(depth));
                skipSpace();
                if (pos >= s.length()) {
                    throw fail("unexpected end of input inside an object");
                }
                char c = s.charAt(pos++);
                if (c == '}') {
                    return fields;
                }
                if (c != ',') {
                    pos--;
                    throw fail("unexpected character " + describe(c) + ", expecting ',' or '}'");
                }
            }
        }

        private List<Object> array(int depth) throws MalformedException {
            if (depth > MAX_DEPTH) {
                throw fail("nesting deeper than " + MAX_DEPTH);
            }
            pos++; // [
            List<Object> items = new ArrayList<>();
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                return items;
            }
            while (true) {
                skipSpace();
                items.add(value(depth));
                skipSpace();
                if (pos >= s.length()) {
                    throw fail("unexpected end of input inside an array");
                }
                char c = s.charAt(pos++);
                if (c == ']') {
                    return items;
                }
                if (c != ',') {
                    pos--;
                    throw fail("unexpected character " + describe(c) + ", expecting ',' or ']'");
                }
            }
        }

        private String string() throws MalformedException {
            pos++; // "
            StringBuilder out = null;
            int start = pos;
            while (true) {
                if (pos >= s.length()) {
                    throw fail("unexpected end of input inside a string");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    String v = out == null ? s.substring(start, pos) : out.append(s, start, pos).toString();
                    pos++;
                    return v;
                }
                if (c < 0x20) {
                    throw fail("unescaped control character " + describe(c) + " in a string");
                }
                if (c != '\\') {
                    pos++;
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder();
                }
                out.append(s, start, pos);
                pos++;
                if (pos >= s.length()) {
                    throw fail("unexpected end of input inside a string");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"': out.append('"'); break;
                    case '\\': out.append('\\'); break;
                    case '/': out.append('/'); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'n': out.append('\n'); break;
                    case 'r': out.append('\r'); break;
                    case 't': out.append('\t'); break;
                    case 'u':
                        if (pos + 4 > s.length()) {
                            throw fail("unexpected end of input inside a \\u escape");
                        }
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int d = Character.digit(s.charAt(pos + i), 16);
                            if (d < 0) {
                                pos += i;
                                throw fail("expecting a hex digit in a \\u escape");
                            }
                            code = code * 16 + d;
                        }
                        pos += 4;
                        out.append((char) code);
                        break;
                    default:
                        pos--;
                        throw fail("unrecognized escape " + describe(e) + " in a string");
                }
                start = pos;
            }
        }

        private NumberText number() throws MalformedException {
            int start = pos;
            if (s.charAt(pos) == '-') {
                pos++;
            }
            if (pos >= s.length() || !digit(s.charAt(pos))) {
                throw fail("expecting a digit in a number");
            }
            if (s.charAt(pos) == '0' && pos + 1 < s.length() && digit(s.charAt(pos + 1))) {
                throw fail("leading zeros are not allowed in a number");
            }
            digits();
            if (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                if (pos >= s.length() || !digit(s.charAt(pos))) {
                    throw fail("expecting a digit after the decimal point");
                }
                digits();
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos >= s.length() || !digit(s.charAt(pos))) {
                    throw fail("expecting a digit in the exponent");
                }
                digits();
            }
            if (pos < s.length() && Character.isLetter(s.charAt(pos))) {
                throw fail("unexpected character " + describe(s.charAt(pos)) + " after a number");
            }
            return new NumberText(s.substring(start, pos));
        }

        private void digits() {
            while (pos < s.length() && digit(s.charAt(pos))) {
                pos++;
            }
        }

        private static boolean digit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
