package io.openvidu.java.client;

/**
 * When a session is recorded.
 */
public enum ArchiveMode {
    /** The server starts recording when the first participant publishes and stops when the last one leaves. */
    ALWAYS,
    /** Recording is started and stopped only through {@link OpenVidu#startRecording(String)} and
     * {@link OpenVidu#stopRecording(String)}. Default. */
    MANUAL
}
