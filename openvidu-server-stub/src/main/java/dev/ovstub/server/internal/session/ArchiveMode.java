package dev.ovstub.server.internal.session;

/** When a session is recorded: from the first publish ({@code ALWAYS}) or on request ({@code MANUAL}). */
public enum ArchiveMode { ALWAYS, MANUAL }
