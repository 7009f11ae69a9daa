package dev.ovstub.server.internal.session;

/**
 * A snapshot of one OpenVidu 2.x connection, pending (a token nobody used yet) or active (a participant).
 *
 * @param activeAt   join time (ms), or 0 while pending
 * @param clientData what the participant gave when joining, null while pending
 * @param publisher  its stream while it publishes, else null
 */
public record ConnectionView(String id, String sessionId, boolean active, long createdAt, long activeAt,
                             String token, ConnectionOptions options, String clientData, String platform,
                             Stream publisher) {
    /**
     * A published stream.
     *
     * @param createdAt ms since the epoch
     */
    public record Stream(String streamId, long createdAt, MediaOptions media) {}

    /**
     * What a stream carries, as 2.x describes it ({@code mediaOptions}).
     *
     * @param typeOfVideo {@code CAMERA}, {@code SCREEN}...
     */
    public record MediaOptions(boolean hasAudio, boolean audioActive, boolean hasVideo, boolean videoActive,
                               String typeOfVideo, int frameRate, int width, int height) {}
}
