package dev.ovstub.server.internal.session;

import dev.ovstub.server.internal.recording.RecordingOptions;
import dev.ovstub.server.internal.recording.RecordingOptions.OutputMode;
import dev.ovstub.server.internal.recording.RecordingRequest;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * OpenVidu 2.x recording properties as asked (a recording start, or a session's
 * {@code defaultRecordingProperties}): every field may be null, meaning "not given". {@link #orElse} fills the gaps
 * from another set (the session's defaults), {@link #validate} applies the 2.x rules and their statuses (contract
 * §3.9: a bad name or layout name is 400, ranges and "neither audio nor video" are 422).
 */
public record RecordingProperties(String name, Boolean hasAudio, Boolean hasVideo, OutputMode outputMode,
                                  String recordingLayout, String customLayout, String resolution, Integer frameRate,
                                  Long shmSize, Boolean ignoreFailedStreams) {
    public static final RecordingProperties NONE = new RecordingProperties(null, null, null, null, null, null, null,
            null, null, null);
    /** The layout names the 2.x clients know. */
    public static final Set<String> LAYOUTS = Set.of("BEST_FIT", "PICTURE_IN_PICTURE", "VERTICAL_PRESENTATION",
            "HORIZONTAL_PRESENTATION", "CUSTOM");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_\\-~]+");
    private static final Pattern RESOLUTION = Pattern.compile("([1-9][0-9]{2,3})x([1-9][0-9]{2,3})");
    public static final long MIN_SHM_SIZE = 134_217_728L;

    /** Each field given here, else the one of {@code defaults}. */
    public RecordingProperties orElse(RecordingProperties defaults) {
        return new RecordingProperties(
                name != null ? name : defaults.name, hasAudio != null ? hasAudio : defaults.hasAudio,
                hasVideo != null ? hasVideo : defaults.hasVideo, mergeMode(outputMode, defaults.outputMode),
                recordingLayout != null ? recordingLayout : defaults.recordingLayout,
                customLayout != null ? customLayout : defaults.customLayout,
                resolution != null ? resolution : defaults.resolution,
                frameRate != null ? frameRate : defaults.frameRate, shmSize != null ? shmSize : defaults.shmSize,
                ignoreFailedStreams != null ? ignoreFailedStreams : defaults.ignoreFailedStreams);
    }

    /** 2.x: COMPOSED asked of a session whose default is COMPOSED_QUICK_START becomes QUICK_START, and back. */
    private static OutputMode mergeMode(OutputMode asked, OutputMode byDefault) {
        if (asked == null) {
            return byDefault;
        }
        if (byDefault == OutputMode.COMPOSED_QUICK_START && asked == OutputMode.COMPOSED) {
            return OutputMode.COMPOSED_QUICK_START;
        }
        if (byDefault == OutputMode.COMPOSED && asked == OutputMode.COMPOSED_QUICK_START) {
            return OutputMode.COMPOSED;
        }
        return asked;
    }

    /** Refuses what 2.x refuses, with its status; returns this. */
    public RecordingProperties validate() {
        if (name != null && !name.isEmpty() && !NAME.matcher(name).matches()) {
            throw bad("name: '" + name + "' may only hold letters, digits, '_', '-' and '~'");
        }
        if (recordingLayout != null && !LAYOUTS.contains(recordingLayout)) {
            throw bad("recordingLayout: '" + recordingLayout + "' is not one of " + String.join(", ", LAYOUTS.stream().sorted().toList()));
        }
        if (customLayout != null && (customLayout.contains("..") || customLayout.startsWith("/") || customLayout.contains("\\"))) {
            throw bad("customLayout: '" + customLayout + "' must be a relative path inside the custom layout folder");
        }
        if (Boolean.FALSE.equals(hasAudio) && Boolean.FALSE.equals(hasVideo)) {
            throw unprocessable("hasAudio, hasVideo: a recording needs at least one of them");
        }
        if (resolution != null) {
            var m = RESOLUTION.matcher(resolution);
            if (!m.matches() || Integer.parseInt(m.group(1)) > 1999 || Integer.parseInt(m.group(2)) > 1999) {
                throw unprocessable("resolution: '" + resolution + "' must be WIDTHxHEIGHT, each 100 to 1999");
            }
            if (Integer.parseInt(m.group(1)) % 2 != 0 || Integer.parseInt(m.group(2)) % 2 != 0) {
                // 2.x accepts odd sizes (its browser renders any); H.264 4:2:0 needs even ones.
                throw unprocessable("resolution: '" + resolution + "': width and height must be even for H.264");
            }
        }
        if (frameRate != null && (frameRate < 1 || frameRate > 120)) {
            throw unprocessable("frameRate: " + frameRate + " must be 1 to 120");
        }
        if (shmSize != null && shmSize < MIN_SHM_SIZE) {
            throw unprocessable("shmSize: " + shmSize + " must be at least " + MIN_SHM_SIZE);
        }
        return this;
    }

    /** The start request for a session, every gap filled with the 2.x defaults. */
    public RecordingRequest resolveFor(String sessionId) {
        OutputMode mode = outputMode == null ? OutputMode.COMPOSED : outputMode;
        String layout = recordingLayout == null ? "BEST_FIT" : recordingLayout;
        RecordingOptions options = new RecordingOptions(mode, layout,
                "CUSTOM".equals(layout) && customLayout != null ? customLayout : "",
                resolution == null ? "1280x720" : resolution, frameRate == null ? 25 : frameRate,
                shmSize == null ? 536_870_912L : shmSize, Boolean.TRUE.equals(ignoreFailedStreams));
        return new RecordingRequest(sessionId, sessionId, pageName(layout), name,
                hasAudio == null || hasAudio, hasVideo == null || hasVideo, options);
    }

    /** The layout page route of a 2.x layout name, as 2.x builds it (lower case, {@code _} → {@code -}). */
    static String pageName(String layout) {
        return "layout-" + layout.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static SessionException bad(String message) {
        return new SessionException(SessionException.Reason.BAD_REQUEST, message);
    }

    private static SessionException unprocessable(String message) {
        return new SessionException(SessionException.Reason.UNPROCESSABLE, message);
    }
}
