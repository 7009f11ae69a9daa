package dev.ovstub.server.internal.session;

/** A single-use token for one session. */
public record TokenGrant(String token, String sessionId, Role role, String data) {}
