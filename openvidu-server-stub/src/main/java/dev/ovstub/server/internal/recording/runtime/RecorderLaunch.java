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
 * @param videoName the file name without extension ({@code VIDEO_NAME}): the recording id (1.8) or its name (2.x)
 * @param subfolder the recording's own folder under the recordings folder (2.x), or null (1.8: the file is in the
 *                  recordings folder itself)
 * @param storage where the recorder uploads the finished file: the contract's {@code S3_*} variables (and the
 *                credentials' {@code AWS_*}); empty when the file stays in the recordings folder
 */
public record RecorderLaunch(String recordingId, String layoutUrl, String resolution, int frameRate,
                             String videoFormat, String userId, String recordingJson, Path recordingsFolder,
                             String videoName, String subfolder, Map<String, String> storage) {

    public RecorderLaunch {
        storage = Map.copyOf(storage);
    }

    /** A recorder whose file stays in the recordings folder. */
    public RecorderLaunch(String recordingId, String layoutUrl, String resolution, int frameRate,
                          String videoFormat, String userId, String recordingJson, Path recordingsFolder,
                          String videoName, String subfolder) {
        this(recordingId, layoutUrl, resolution, frameRate, videoFormat, userId, recordingJson, recordingsFolder,
                videoName, subfolder, Map.of());
    }

    /** The same recorder, uploading its file as {@code storage} says. */
    public RecorderLaunch withStorage(Map<String, String> storage) {
        return new RecorderLaunch(recordingId, layoutUrl, resolution, frameRate, videoFormat, userId, recordingJson,
                recordingsFolder, videoName, subfolder, storage);
    }

    /** Whether the recorder uploads its file (so this server will not find it in the recordings folder). */
    public boolean uploads() {
        return !storage.isEmpty();
    }

    /** A 1.8 recorder: the file is {@code <recordingsFolder>/<recordingId>.<videoFormat>}. */
    public RecorderLaunch(String recordingId, String layoutUrl, String resolution, int frameRate,
                          String videoFormat, String userId, String recordingJson, Path recordingsFolder) {
        this(recordingId, layoutUrl, resolution, frameRate, videoFormat, userId, recordingJson, recordingsFolder,
                recordingId, null);
    }

    /** The folder the recorder writes in, as seen by the server. */
    public Path outputFolder() {
        return subfolder == null ? recordingsFolder : recordingsFolder.resolve(subfolder);
    }

    /** The contract's environment variables, for a recorder whose output folder is {@code recordingsPath}. */
    public Map<String, String> environment(String recordingsPath) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(RecorderContract.URL, layoutUrl);
        env.put(RecorderContract.RESOLUTION, resolution);
        env.put(RecorderContract.FRAMERATE, Integer.toString(frameRate));
        env.put(RecorderContract.VIDEO_NAME, videoName);
        env.put(RecorderContract.VIDEO_FORMAT, videoFormat);
        if (userId != null) {
            env.put(RecorderContract.USER_ID, userId);
        }
        env.put(RecorderContract.RECORDING_JSON, recordingJson);
        env.put(RecorderContract.RECORDINGS_PATH, recordingsPath);
        env.putAll(storage);
        return env;
    }

    /** The file the recorder writes, as seen by the server. */
    public Path outputFile() {
        return outputFolder().resolve(videoName + "." + videoFormat);
    }
}
