package dev.ovstub.server.internal.recorder;

/**
 * The names of the recorder contract's environment variables (OpenVidu 1.8's recording container, plus ours),
 * spelled once: runtimes write them ({@code RecorderLaunch}), the recorder reads them ({@link RecorderEnv}). What
 * each one means is in {@code docs/ARCHITECTURE.md}, section "The recorder contract".
 */
public final class RecorderContract {
    /** The session's layout page, with credentials. Required. */
    public static final String URL = "URL";
    /** {@code WIDTHxHEIGHT}. */
    public static final String RESOLUTION = "RESOLUTION";
    /** Frames per second. */
    public static final String FRAMERATE = "FRAMERATE";
    /** The file name without its extension: the recording id. Required. */
    public static final String VIDEO_NAME = "VIDEO_NAME";
    /** The container format: {@code mp4}. */
    public static final String VIDEO_FORMAT = "VIDEO_FORMAT";
    /** The uid that must own the finished file. */
    public static final String USER_ID = "USER_ID";
    /** The initial recording JSON, informational. */
    public static final String RECORDING_JSON = "RECORDING_JSON";
    /** The output folder (ours: containers use {@link #CONTAINER_RECORDINGS_PATH}). */
    public static final String RECORDINGS_PATH = "RECORDINGS_PATH";
    /** A file that stops the recorder once it contains {@code q} (the container's {@code stop} file). */
    public static final String STOP_FILE = "STOP_FILE";

    /**
     * The object key of the finished file when the recorder uploads it ({@code S3_BUCKET} and the other
     * {@code S3_*} variables of {@code internal.storage.S3Location}): required with them.
     */
    public static final String S3_KEY = "S3_KEY";

    /** The recordings folder inside a recording container, and the recorder's default output folder. */
    public static final String CONTAINER_RECORDINGS_PATH = "/recordings";
    /** The resolution when none is given, as in the 1.8 image. */
    public static final String DEFAULT_RESOLUTION = "1920x1080";
    /** The frame rate when none is given. */
    public static final String DEFAULT_FRAMERATE = "25";
    /** The format when none is given, the only one there is. */
    public static final String DEFAULT_VIDEO_FORMAT = "mp4";

    private RecorderContract() {}
}
