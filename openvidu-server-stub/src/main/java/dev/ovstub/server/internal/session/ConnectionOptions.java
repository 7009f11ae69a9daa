package dev.ovstub.server.internal.session;

import java.util.Objects;

/**
 * What an OpenVidu 2.x connection was created with ({@code POST /openvidu/api/sessions/<id>/connection}).
 *
 * @param serverData       the {@code data} given, {@code ""} when none
 * @param record           whether its streams are recorded in INDIVIDUAL recordings
 * @param kurentoOptions   the {@code kurentoOptions} object as JSON, kept and shown, or null
 * @param customIceServers the {@code customIceServers} array as JSON, {@code []} when none
 */
public record ConnectionOptions(Role role, String serverData, boolean record, String kurentoOptions,
                                String customIceServers) {
    public ConnectionOptions {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(serverData, "serverData");
        Objects.requireNonNull(customIceServers, "customIceServers");
    }

    /** A PUBLISHER with no data, as a token made by {@code POST /openvidu/api/tokens} without options. */
    public static ConnectionOptions of(Role role, String serverData) {
        return new ConnectionOptions(role, serverData, true, null, "[]");
    }
}
