package dev.ovstub.server.internal.session;

import java.util.Objects;

/**
 * What an OpenVidu 2.x session was created with (beyond the media and recording modes every session has).
 *
 * @param createdAt        ms since the epoch
 * @param customSessionId  as given, {@code ""} when none
 * @param forcedVideoCodec as given or configured, unresolved (e.g. {@code MEDIA_SERVER_PREFERRED})
 * @param defaults         the session's {@code defaultRecordingProperties}, as given (gaps are 2.x's defaults)
 */
public record SessionOptions(long createdAt, String customSessionId, String forcedVideoCodec,
                             boolean allowTranscoding, RecordingProperties defaults) {
    public SessionOptions {
        Objects.requireNonNull(customSessionId, "customSessionId");
        Objects.requireNonNull(forcedVideoCodec, "forcedVideoCodec");
        Objects.requireNonNull(defaults, "defaults");
    }
}
