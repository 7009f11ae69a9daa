package dev.ovstub.server.internal.recording;

import dev.ovstub.server.internal.recorder.MediaInfo;
import dev.ovstub.server.internal.recorder.RecorderContract;
import dev.ovstub.server.internal.recorder.UploadedMedia;
import dev.ovstub.server.internal.storage.S3Bucket;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The recordings' files in an S3-compatible bucket ({@code openvidu.recording.storage=s3}): which key each
 * recording's file has, what its recorder uploaded, reading it and deleting it. The key mirrors the file's place in
 * the recordings folder: {@code <prefix><id>.mp4} for 1.8, {@code <prefix><id>/<name>.<ext>} for 2.x. The metadata
 * stays in the folder ({@link RecordingStore}); where a recording's file is also on disk (an upload that failed),
 * the disk's copy is the one served.
 */
public final class RecordingObjects implements AutoCloseable {
    private final S3Bucket bucket;

    public RecordingObjects(S3Bucket bucket) {
        this.bucket = bucket;
    }

    /** {@code s3://bucket/prefix}, for logs. */
    public String describe() {
        return bucket.location().describe();
    }

    /** The object key of the recording's file. */
    public String key(Recording r) {
        return bucket.location().key(r.v2() ? r.id() + "/" + r.fileName() : r.id() + ".mp4");
    }

    /** The variables that make a recorder upload this recording's file (the recorder contract's {@code S3_*}). */
    Map<String, String> recorderEnvironment(Recording r) {
        Map<String, String> env = new LinkedHashMap<>(bucket.location().environment());
        env.put(RecorderContract.S3_KEY, key(r));
        return env;
    }

    /**
     * What the recorder uploaded for the recording, read from the object's metadata.
     *
     * @throws IOException when the object is missing, unreadable, or was not written by a recorder
     */
    MediaInfo uploaded(Recording r) throws IOException {
        S3Bucket.ObjectInfo info = bucket.head(key(r))
                .orElseThrow(() -> new IOException("the recorder exited without uploading " + key(r)));
        try {
            return UploadedMedia.fromMetadata(info.metadata()).toMediaInfo();
        } catch (IllegalArgumentException e) {
            throw new IOException(key(r) + ": " + e.getMessage(), e);
        }
    }

    /** The recording's object, if the bucket has it. */
    public Optional<S3Bucket.ObjectInfo> head(Recording r) throws IOException {
        return bucket.head(key(r));
    }

    /** Bytes {@code [start, start + length)} of the recording's object; the caller closes the stream. */
    public InputStream read(Recording r, long start, long length) throws IOException {
        return bucket.read(key(r), start, length);
    }

    /** Deletes the recording's object (none there is no error). */
    void delete(Recording r) throws IOException {
        bucket.delete(key(r));
    }

    @Override
    public void close() {
        bucket.close();
    }
}
