package dev.ovstub.server.internal.recorder;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recorder program's configuration: the OpenVidu 1.8 recording-container environment
 * ({@code URL}, {@code RESOLUTION}, {@code FRAMERATE}, {@code VIDEO_NAME}, {@code VIDEO_FORMAT},
 * {@code USER_ID}, {@code RECORDING_JSON}) plus {@code RECORDINGS_PATH} and {@code STOP_FILE}. For an OpenVidu 2.x
 * recording, {@code RECORDING_JSON} (its 2.x Recording JSON) also says what to record: {@code outputMode},
 * {@code hasAudio}, {@code hasVideo}; {@code VIDEO_FORMAT} must then match ({@code mp4}, {@code webm} without video,
 * {@code zip} for INDIVIDUAL).
 * See the recorder contract in {@code docs/ARCHITECTURE.md}.
 *
 * @param url            where the layout state is, with credentials
 * @param width          frame width
 * @param height         frame height
 * @param frameRate      frames per second
 * @param videoName      file name without extension
 * @param videoFormat    container ("mp4")
 * @param userId         uid that must own the finished file, or null
 * @param recordingJson  initial recording JSON, or null. A 2.x recording's JSON (it has {@code outputMode}) decides
 *                       what is recorded: see {@link #hasAudio}, {@link #hasVideo}, {@link #individual}. Otherwise
 *                       (1.8) it is informational.
 * @param recordingsPath output folder
 * @param stopFile       file that stops the recorder once it contains "q", or null
 * @param hasAudio       2.x {@code hasAudio} (1.8: true)
 * @param hasVideo       2.x {@code hasVideo} (1.8: true); without video the file is WebM audio
 * @param individual     2.x INDIVIDUAL: the recording its archive's manifest names; null for a composed recording
 */
public record RecorderEnv(LayoutUrl url, int width, int height, int frameRate, String videoName, String videoFormat,
                          Integer userId, String recordingJson, Path recordingsPath, Path stopFile,
                          boolean hasAudio, boolean hasVideo, IndividualManifest.Header individual) {

    private static final Pattern RESOLUTION = Pattern.compile("\\s*(\\d{1,5})\\s*[xX]\\s*(\\d{1,5})\\s*");

    /** A configuration error; the message names the variable. */
    public static final class ConfigException extends Exception {
        private static final long serialVersionUID = 1L;

        ConfigException(String message) {
            super(message);
        }
    }

    /** The output file, {@code <RECORDINGS_PATH>/<VIDEO_NAME>.<VIDEO_FORMAT>}. */
    public Path outputFile() {
        return recordingsPath.resolve(videoName + "." + videoFormat);
    }

    /** Reads and validates the environment. */
    public static RecorderEnv parse(Map<String, String> env) throws ConfigException {
        String rawUrl = get(env, RecorderContract.URL);
        if (rawUrl == null) throw new ConfigException("URL is required (the layout page of the session, with credentials)");
        LayoutUrl url;
        try {
            url = LayoutUrl.parse(rawUrl);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("URL is invalid: " + e.getMessage());
        }

        String res = orDefault(env, RecorderContract.RESOLUTION, RecorderContract.DEFAULT_RESOLUTION);
        Matcher m = RESOLUTION.matcher(res);
        if (!m.matches()) throw new ConfigException("RESOLUTION must be WIDTHxHEIGHT (e.g. 1920x1080), not '" + res + "'");
        int width = Integer.parseInt(m.group(1));
        int height = Integer.parseInt(m.group(2));
        if (width < 16 || height < 16 || width > 7680 || height > 4320 || width % 2 != 0 || height % 2 != 0) {
            throw new ConfigException("RESOLUTION must have even sizes between 16x16 and 7680x4320, not '" + res + "'");
        }

        String fr = orDefault(env, RecorderContract.FRAMERATE, RecorderContract.DEFAULT_FRAMERATE);
        int frameRate;
        try {
            frameRate = Integer.parseInt(fr.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("FRAMERATE must be a whole number of frames per second, not '" + fr + "'");
        }
        if (frameRate < 1 || frameRate > 120) throw new ConfigException("FRAMERATE must be 1..120, not " + frameRate);

        String name = get(env, RecorderContract.VIDEO_NAME);
        if (name == null) throw new ConfigException("VIDEO_NAME is required (the file name without extension)");
        if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\") || name.indexOf('\0') >= 0) {
            throw new ConfigException("VIDEO_NAME must be a plain file name, not '" + name + "'");
        }

        String json = get(env, RecorderContract.RECORDING_JSON);
        V2Recording v2 = V2Recording.read(json);
        String expected = v2 == null ? RecorderContract.DEFAULT_VIDEO_FORMAT : v2.format();
        String format = orDefault(env, RecorderContract.VIDEO_FORMAT, expected).trim().toLowerCase(java.util.Locale.ROOT);
        if (!format.equals(expected)) {
            throw new ConfigException(v2 == null ? "VIDEO_FORMAT must be mp4, not '" + format + "'"
                    : "VIDEO_FORMAT must be " + expected + " for the recording RECORDING_JSON describes ("
                            + v2.describe() + "), not '" + format + "'");
        }

        Integer userId = null;
        String uid = get(env, RecorderContract.USER_ID);
        if (uid != null) {
            try {
                userId = Integer.valueOf(uid.trim());
            } catch (NumberFormatException e) {
                throw new ConfigException("USER_ID must be a numeric uid, not '" + uid + "'");
            }
            if (userId < 0) throw new ConfigException("USER_ID must be a numeric uid, not '" + uid + "'");
        }

        Path recordings = path(orDefault(env, RecorderContract.RECORDINGS_PATH, RecorderContract.CONTAINER_RECORDINGS_PATH),
                RecorderContract.RECORDINGS_PATH);
        if (!Files.isDirectory(recordings)) {
            throw new ConfigException("RECORDINGS_PATH is not an existing folder: " + recordings);
        }
        if (!Files.isWritable(recordings)) {
            throw new ConfigException("RECORDINGS_PATH is not writable: " + recordings);
        }
        String stop = get(env, RecorderContract.STOP_FILE);
        Path stopFile = stop == null ? null : path(stop, RecorderContract.STOP_FILE);
        return new RecorderEnv(url, width, height, frameRate, name, format, userId, json, recordings, stopFile,
                v2 == null || v2.hasAudio(), v2 == null || v2.hasVideo(),
                v2 == null || !v2.individual() ? null
                        : new IndividualManifest.Header(v2.createdAt(), v2.id() == null ? name : v2.id(),
                                v2.name() == null ? name : v2.name(), v2.sessionId()));
    }

    /** What a 2.x recording JSON asks of the recorder (a JSON without {@code outputMode} is 1.8's). */
    record V2Recording(String outputMode, boolean hasAudio, boolean hasVideo, String id, String name, String sessionId,
                       long createdAt) {
        boolean individual() {
            return outputMode.equals("INDIVIDUAL");
        }

        /** The output's extension: zip (INDIVIDUAL), mp4 (composed with video) or webm (composed audio only). */
        String format() {
            return individual() ? "zip" : hasVideo ? "mp4" : "webm";
        }

        String describe() {
            return outputMode + ", hasAudio " + hasAudio + ", hasVideo " + hasVideo;
        }

        /** Reads the JSON's top-level fields with the streaming parser; null for a 1.8 (or unreadable) JSON. */
        static V2Recording read(String json) throws ConfigException {
            if (json == null) return null;
            String outputMode = null;
            Boolean audio = null;
            Boolean video = null;
            String id = null;
            String name = null;
            String sessionId = null;
            long createdAt = 0;
            try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(json)) {
                if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) return null;
                while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    com.fasterxml.jackson.core.JsonToken v = p.nextToken();
                    boolean text = v == com.fasterxml.jackson.core.JsonToken.VALUE_STRING;
                    switch (f) {
                        case "outputMode" -> outputMode = text ? p.getText() : null;
                        case "hasAudio" -> audio = v.isBoolean() ? p.getBooleanValue() : null;
                        case "hasVideo" -> video = v.isBoolean() ? p.getBooleanValue() : null;
                        case "id" -> id = text ? p.getText() : null;
                        case "name" -> name = text ? p.getText() : null;
                        case "sessionId" -> sessionId = text ? p.getText() : null;
                        case "createdAt" -> createdAt = v.isNumeric() ? p.getLongValue() : 0;
                        default -> p.skipChildren();
                    }
                }
            } catch (java.io.IOException e) {
                return null; // not JSON: informational, as in 1.8
            }
            if (outputMode == null) return null;
            if (!java.util.Set.of("COMPOSED", "COMPOSED_QUICK_START", "INDIVIDUAL").contains(outputMode)) {
                throw new ConfigException("RECORDING_JSON has an unknown outputMode '" + outputMode
                        + "' (COMPOSED, COMPOSED_QUICK_START or INDIVIDUAL)");
            }
            boolean a = audio == null || audio;
            boolean vid = video == null || video;
            if (!a && !vid) throw new ConfigException("RECORDING_JSON asks for neither audio nor video (hasAudio and hasVideo false)");
            return new V2Recording(outputMode, a, vid, id, name, sessionId, createdAt);
        }
    }

    private static Path path(String value, String variable) throws ConfigException {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(variable + " is not a valid path: " + e.getMessage());
        }
    }

    private static String get(Map<String, String> env, String key) {
        String v = env.get(key);
        return v == null || v.isBlank() ? null : v;
    }

    private static String orDefault(Map<String, String> env, String key, String def) {
        String v = get(env, key);
        return v == null ? def : v;
    }
}
