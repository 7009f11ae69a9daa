package dev.ovstub.server.internal.recording;

/** What a finished media file holds, read from the file itself. */
public record MediaInfo(long size, double durationSeconds, boolean hasAudio, boolean hasVideo) {}
