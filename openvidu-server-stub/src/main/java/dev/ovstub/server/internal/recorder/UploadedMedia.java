package dev.ovstub.server.internal.recorder;

import java.util.Locale;
import java.util.Map;

/**
 * What an uploaded recording holds, as the recorder writes it into the object's user metadata
 * ({@code x-amz-meta-ovstub-*}) and the server reads it back with a HEAD: the server never has to download a file to
 * learn its duration. Part of the recorder contract, owned here both ways.
 *
 * @param size the recording's size as the API reports it: the file's, or for an INDIVIDUAL archive the sum of
 *     its stream files (OpenVidu 2.x's rule)
 */
public record UploadedMedia(long size, double durationSeconds, boolean hasAudio, boolean hasVideo) {
    static final String SIZE = "ovstub-size";
    static final String DURATION = "ovstub-duration";
    static final String HAS_AUDIO = "ovstub-has-audio";
    static final String HAS_VIDEO = "ovstub-has-video";

    /** The object's user metadata (keys without the {@code x-amz-meta-} prefix, lower case as S3 keeps them). */
    public Map<String, String> toMetadata() {
        return Map.of(SIZE, Long.toString(size), DURATION, String.format(Locale.ROOT, "%.3f", durationSeconds),
                HAS_AUDIO, Boolean.toString(hasAudio), HAS_VIDEO, Boolean.toString(hasVideo));
    }

    /**
     * Reads back what {@link #toMetadata} wrote.
     *
     * @throws IllegalArgumentException naming the missing or malformed entry (an object not uploaded by a recorder)
     */
    public static UploadedMedia fromMetadata(Map<String, String> metadata) {
        try {
            return new UploadedMedia(Long.parseLong(required(metadata, SIZE)),
                    Double.parseDouble(required(metadata, DURATION)),
                    Boolean.parseBoolean(required(metadata, HAS_AUDIO)), Boolean.parseBoolean(required(metadata, HAS_VIDEO)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the object's metadata is malformed: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> metadata, String key) {
        String v = metadata.get(key);
        if (v == null) {
            // Some services keep user metadata keys as sent, others lower-case them: both are accepted.
            v = metadata.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
        if (v == null) {
            throw new IllegalArgumentException("the object has no x-amz-meta-" + key + " (not uploaded by a recorder?)");
        }
        return v.strip();
    }

    /** The API's view of it. */
    public MediaInfo toMediaInfo() {
        return MediaInfo.of(size, durationSeconds, hasAudio, hasVideo);
    }
}
