package dev.ovstub.server;

import java.nio.file.Path;

/**
 * A recording as the server sees it: the fields of the 1.8 recording JSON plus where its file is.
 *
 * @param status lower case, as on the wire: {@code starting}, {@code started}, {@code stopped},
 *     {@code available} or {@code failed}
 * @param duration seconds, read from the finished file
 * @param file the MP4 (which may not exist while starting, or after a failure)
 */
public record StubRecording(String id, String sessionId, String status, long createdAt, long size, double duration,
                            String url, boolean hasAudio, boolean hasVideo, Path file) {}
