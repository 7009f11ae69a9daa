/**
 * {@code openvidu.recording.runtime=docker}: one container per recording through the Docker Engine API, with the
 * OpenVidu 1.8 recording-container contract. docker-java is an optional dependency of the server: this package is
 * only loaded when the Docker runtime is chosen.
 */
package dev.ovstub.server.internal.recording.runtime.docker;
