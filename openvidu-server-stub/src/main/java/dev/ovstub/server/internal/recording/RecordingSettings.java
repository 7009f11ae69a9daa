package dev.ovstub.server.internal.recording;

import dev.ovstub.server.internal.recorder.LayoutUrl;
import java.time.Duration;
import java.util.Objects;

/**
 * How the recording service works, fixed at start-up.
 *
 * @param publicBaseUrl base of the {@code url} of available recordings, e.g. {@code https://localhost:8443}
 * @param layoutBaseUrl base the recorder reaches the server on, e.g. {@code https://127.0.0.1:8443}
 * @param userId uid that must own the finished files ({@code USER_ID}), or null
 * @param maxConcurrent how many recorders may run at once ({@code openvidu.recording.max-concurrent})
 */
public record RecordingSettings(boolean freeAccess, String publicBaseUrl, String layoutBaseUrl, String secret,
                                String resolution, int frameRate, Duration startTimeout, Duration stopTimeout,
                                String userId, int maxConcurrent) {
    public RecordingSettings {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1, was " + maxConcurrent);
        }
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        Objects.requireNonNull(layoutBaseUrl, "layoutBaseUrl");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
    }

    /** Settings with no bound on concurrent recorders but {@link Integer#MAX_VALUE}: for tests of other things. */
    public RecordingSettings(boolean freeAccess, String publicBaseUrl, String layoutBaseUrl, String secret,
                             String resolution, int frameRate, Duration startTimeout, Duration stopTimeout, String userId) {
        this(freeAccess, publicBaseUrl, layoutBaseUrl, secret, resolution, frameRate, startTimeout, stopTimeout, userId,
                Integer.MAX_VALUE);
    }

    /** {@code https://OPENVIDUAPP:<secret>@host:port/#/layout-best-fit/<shortId>/<secret>}, as 1.8 gave its recorder. */
    public String layoutUrl(String shortSessionId, String layoutPageName) {
        return LayoutUrl.build(layoutBaseUrl, layoutPageName, shortSessionId, secret);
    }

    /** The URL of a 2.x CUSTOM layout page for a session (served from {@code openvidu.recording.custom-layout}). */
    public String customLayoutUrl(String sessionId, String customLayout) {
        return LayoutUrl.buildCustom(layoutBaseUrl, customLayout, sessionId, secret);
    }

    public String fileUrl(String recordingId) {
        return publicBaseUrl + "/recordings/" + recordingId + ".mp4";
    }

    /** Where a recording's file is served: 1.8's {@code /recordings/<id>.mp4}, 2.x's {@code /openvidu/recordings/<id>/<file>}. */
    public String fileUrl(Recording r) {
        return r.v2() ? publicBaseUrl + "/openvidu/recordings/" + r.id() + "/" + r.fileName() : fileUrl(r.id());
    }

    /**
     * A recording whose file is finished: a 2.x one is {@code ready}, with its url (2.x CE answers its stop that way);
     * a 1.8 one is {@code available} with its url under free access, else {@code stopped} without one (1.8).
     */
    public Recording completed(Recording r) {
        if (r.v2() || freeAccess) {
            return r.withStatus(r.v2() ? RecordingStatus.READY : RecordingStatus.AVAILABLE).withUrl(fileUrl(r));
        }
        return r.withStatus(RecordingStatus.STOPPED);
    }

    /** A recording that failed; a 2.x one keeps its url (2.x sets it for {@code failed} too). */
    public Recording failed(Recording r) {
        Recording failed = r.withStatus(RecordingStatus.FAILED);
        return r.v2() ? failed.withUrl(fileUrl(r)) : failed;
    }
}
