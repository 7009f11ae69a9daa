/**
 * The boundary between the recording service and the things that run recorders. A {@link
 * dev.ovstub.server.internal.recording.runtime.RecorderRuntime} only starts, stops and watches one recorder per
 * recording; the recording service makes every decision (ids, states, time bounds, metadata).
 */
package dev.ovstub.server.internal.recording.runtime;
