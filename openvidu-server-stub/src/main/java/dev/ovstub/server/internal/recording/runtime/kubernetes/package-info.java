/**
 * {@code openvidu.recording.runtime=kubernetes}: one {@code batch/v1} Job per recording, through fabric8
 * kubernetes-client. A plug-in behind {@link dev.ovstub.server.internal.recording.runtime.RecorderRuntime}, like the
 * Docker runtime, and independent of it.
 */
package dev.ovstub.server.internal.recording.runtime.kubernetes;
