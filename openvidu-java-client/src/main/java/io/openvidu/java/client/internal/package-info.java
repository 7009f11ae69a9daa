/**
 * Implementation of the client: HTTP transport, TLS set-up, JSON mapping and error mapping.
 * Not API: anything here may change in any release. Use {@link io.openvidu.java.client.OpenVidu}.
 */
package io.openvidu.java.client.internal;
