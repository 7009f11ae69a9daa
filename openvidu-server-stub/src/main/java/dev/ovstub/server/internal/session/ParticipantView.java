package dev.ovstub.server.internal.session;

/** A snapshot of one simulated participant. */
public record ParticipantView(String id, String sessionId, Role role, String metadata, String media,
                              boolean publishing) {}
