package dev.ovstub.server.internal.session;

/** ROUTED sessions go through the media server and can be recorded; RELAYED ones cannot. */
public enum MediaMode { ROUTED, RELAYED }
