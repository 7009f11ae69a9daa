/**
 * The media worker: a program of its own (a child JVM per session, like the recorder) that receives browsers'
 * WebRTC streams with libwebrtc (webrtc-java) and keeps each stream's latest decoded picture for the recorder. A
 * native crash in libwebrtc or a decoder ends this process, never the server: the session's browser streams end,
 * nothing else. Knows nothing of the server but its contract ({@link MediaContract}).
 */
package dev.ovstub.server.internal.media;
