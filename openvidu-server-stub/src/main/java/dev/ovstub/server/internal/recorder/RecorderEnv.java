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
 * {@code USER_ID}, {@code RECORDING_JSON}) plus {@code RECORDINGS_PATH} and {@code STOP_FILE}.
 * See the recorder contract in {@code docs/ARCHITECTURE.md}.
 *
 * @param url            where the layout state is, with credentials
 * @param width          frame width
 * @param height         frame height
 * @param frameRate      frames per second
 * @param videoName      file name without extension
 * @param videoFormat    container ("mp4")
 * @param userId         uid that must own the finished file, or null
 * @param recordingJson  initial recording JSON (informational), or null
 * @param recordingsPath output folder
 * @param stopFile       file that stops the recorder once it contains "q", or null
 */
public record RecorderEnv(LayoutUrl url, int width, int height, int frameRate, String videoName, String videoFormat,
                          Integer userId, String recordingJson, Path recordingsPath, Path stopFile) {

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

        String format = orDefault(env, RecorderContract.VIDEO_FORMAT, RecorderContract.DEFAULT_VIDEO_FORMAT).trim().toLowerCase(java.util.Locale.ROOT);
        if (!format.equals("mp4")) throw new ConfigException("VIDEO_FORMAT must be mp4, not '" + format + "'");

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
        return new RecorderEnv(url, width, height, frameRate, name, format, userId, get(env, RecorderContract.RECORDING_JSON),
                recordings, stopFile);
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
