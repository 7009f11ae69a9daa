package dev.ovstub.server.internal.recording.runtime;

import dev.ovstub.server.internal.recorder.RecorderContract;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything one recorder needs: the recording-container contract's environment (OpenVidu 1.8 §8).
 *
 * @param layoutUrl the session's layout page, with credentials ({@code URL})
 * @param recordingsFolder where the file goes, as seen by the server
 * @param recordingJson the initial recording JSON ({@code RECORDING_JSON})
 */
public record RecorderLaunch(String recordingId, String layoutUrl, String resolution, int frameRate,
                             String videoFormat, String userId, String recordingJson, Path recordingsFolder) {

    /** The contract's environment variables, for a recorder whose output folder is {@code recordingsPath}. */
    public Map<String, String> environment(String recordingsPath) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(RecorderContract.URL, layoutUrl);
        env.put(RecorderContract.RESOLUTION, resolution);
        env.put(RecorderContract.FRAMERATE, Integer.toString(frameRate));
        env.put(RecorderContract.VIDEO_NAME, recordingId);
        env.put(RecorderContract.VIDEO_FORMAT, videoFormat);
        if (userId != null) {
            env.put(RecorderContract.USER_ID, userId);
        }
        env.put(RecorderContract.RECORDING_JSON, recordingJson);
        env.put(RecorderContract.RECORDINGS_PATH, recordingsPath);
        return env;
    }

    /** The file the recorder writes, as seen by the server. */
    public Path outputFile() {
        return recordingsFolder.resolve(recordingId + "." + videoFormat);
    }
}
