package dev.ovstub.server.internal.recorder;

import dev.ovstub.server.internal.storage.S3Bucket;
import dev.ovstub.server.internal.storage.S3Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder's last step when its environment names a bucket ({@code S3_BUCKET}): the finished file is uploaded
 * (multipart) as {@code S3_KEY}, with what it holds in the object's metadata ({@link UploadedMedia}), and then
 * removed from the recordings folder. A failed upload keeps the file where it is and fails the recorder
 * ({@link RecorderMain#EXIT_UPLOAD_FAILED}), so the server ends the recording {@code failed} and can still serve
 * the local copy.
 */
final class RecordingUpload {
    private static final Logger log = LoggerFactory.getLogger(RecordingUpload.class);

    private final S3Location location;
    private final String key;

    private RecordingUpload(S3Location location, String key) {
        this.location = location;
        this.key = key;
    }

    /** The upload the environment asks for, or null when it names no bucket. */
    static RecordingUpload fromEnvironment(java.util.Map<String, String> env) throws RecorderEnv.ConfigException {
        S3Location location;
        try {
            location = S3Location.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            throw new RecorderEnv.ConfigException(e.getMessage());
        }
        if (location == null) {
            return null;
        }
        String key = env.get(RecorderContract.S3_KEY);
        if (key == null || key.isBlank()) {
            throw new RecorderEnv.ConfigException(RecorderContract.S3_KEY + " is required with " + S3Location.ENV_BUCKET
                    + " (the object key of the finished file)");
        }
        return new RecordingUpload(location, key.strip());
    }

    /**
     * Uploads the finished {@code file} and removes it; returns null on success, else the reason (the file is kept).
     *
     * @param individual the INDIVIDUAL recording's header (its size and duration come from the archive's manifest),
     *     or null for a composed file
     */
    String upload(Path file, IndividualManifest.Header individual, String contentType) {
        UploadedMedia media;
        try {
            if (individual != null) {
                IndividualManifest manifest = IndividualManifest.readArchive(file, individual.name());
                media = new UploadedMedia(manifest.totalSize(), manifest.durationSeconds(), true, true);
            } else {
                MediaInfo info = Mp4Probe.probe(file);
                media = new UploadedMedia(info.sizeBytes(), info.durationSeconds(), info.hasAudio(), info.hasVideo());
            }
        } catch (IOException | RuntimeException e) {
            return "the finished file " + file.getFileName() + " is unreadable: " + e.getMessage();
        }
        long t0 = System.nanoTime();
        try (S3Bucket bucket = S3Bucket.open(location)) {
            bucket.upload(file, key, contentType, media.toMetadata());
        } catch (IOException | RuntimeException e) {
            return "the upload to " + location.describe() + " failed, the file is kept in the recordings folder: "
                    + e.getMessage();
        }
        log.info("Uploaded {} as s3://{}/{} in {} ms", file.getFileName(), location.bucket(), key,
                (System.nanoTime() - t0) / 1_000_000);
        try {
            Files.delete(file);
        } catch (IOException e) {
            log.warn("Uploaded, but cannot remove the local {}: {}", file, e.toString());
        }
        return null;
    }
}
