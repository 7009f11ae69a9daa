/**
 * The server's side of browsers' media: one media worker process per session ({@code internal.media}, started on
 * the session's first browser publish, ended with the session), the SDP and ICE exchange with it, and where each
 * browser stream's pictures are served for the recorder. The signalling (in {@code internal.api}) uses it; it knows
 * nothing of sessions beyond their ids.
 */
package dev.ovstub.server.internal.mediaplane;
