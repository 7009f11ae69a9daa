/**
 * Client of the OpenVidu 1.8 REST API, source-compatible with the official
 * {@code io.openvidu:openvidu-java-client:1.8.0}. Start with {@link io.openvidu.java.client.OpenVidu}.
 *
 * <p>Everything in {@code io.openvidu.java.client.internal} is implementation, not API.
 */
package io.openvidu.java.client;
