package dev.ovstub.server.internal.recorder;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The recorder made ready ahead of its recording (OpenVidu 2.x's {@code COMPOSED_QUICK_START}: "the recorder waits
 * ready from session creation"): a recorder JVM that loads FFmpeg and its classes at once, then waits on standard
 * input for one line, a JSON object of the recorder contract's environment ({@code {"URL": "...", ...}}), and runs
 * {@link RecorderMain} with it from there (the rest of standard input is the recorder's, as usual). End of input
 * before that line: it exits 0, having recorded nothing.
 */
public final class RecorderStandby {
    /** Longest environment line accepted. */
    private static final int MAX_LINE = 1 << 20;

    private RecorderStandby() {}

    public static void main(String[] args) throws IOException {
        try {
            Ffmpeg.requireH264Encoder(Mp4Encoder.VIDEO_CODEC);
        } catch (RuntimeException | LinkageError e) {
            // reported by the recorder's start, once it has its environment
        }
        String line = readLine(System.in);
        if (line == null) {
            System.exit(RecorderMain.EXIT_OK);
            return;
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        try {
            env.putAll(parse(line));
        } catch (IOException e) {
            System.err.println("recorder: invalid configuration: the standby's environment line is not a JSON "
                    + "object of strings (" + e.getMessage() + ")");
            System.exit(RecorderMain.EXIT_CONFIG);
            return;
        }
        System.exit(RecorderMain.run(env, System.in, true));
    }

    /** One line, read byte by byte: nothing past it is consumed, so the recorder reads its stop command itself. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\n') {
                return bytes.toString(StandardCharsets.UTF_8);
            }
            if (bytes.size() == MAX_LINE) {
                throw new IOException("the standby's environment line is longer than " + MAX_LINE + " bytes");
            }
            bytes.write(b);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.UTF_8);
    }

    /** A flat JSON object of string values. */
    static Map<String, String> parse(String json) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw new IOException("the value of " + name + " is not a string");
                }
                out.put(name, p.getText());
            }
        }
        return out;
    }

    /** The environment line for {@code env}, as {@link #parse} reads it. */
    public static String line(Map<String, String> env) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (out.length() > 1) {
                out.append(',');
            }
            quote(out, e.getKey());
            out.append(':');
            quote(out, e.getValue());
        }
        return out.append("}\n").toString();
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(s)).append('"');
    }
}
