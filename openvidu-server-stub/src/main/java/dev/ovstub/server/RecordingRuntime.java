package dev.ovstub.server;

/** Where recorders run ({@code openvidu.recording.runtime}). */
public enum RecordingRuntime {
    /** The default: each recorder in a child JVM of the server. Needs no Docker. */
    EMBEDDED,
    /** One container per recording through the Docker Engine API, as OpenVidu 1.8 does. */
    DOCKER,
    /**
     * Preview: one Kubernetes Job per recording (fabric8 kubernetes-client on the class path; the
     * {@code openvidu.recording.kubernetes.*} properties). Files go through a shared ReadWriteMany volume.
     */
    KUBERNETES
}
