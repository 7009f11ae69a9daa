package dev.ovstub.server.internal.session;

/**
 * A snapshot of one simulated participant.
 *
 * @param stream     2.x: its published stream ({@code str_CAM_...} and its media options) while it publishes, else
 *                   null (always null for 1.8 participants)
 * @param serverData 2.x: the server data of the connection it took over, else null
 * @param record     2.x: whether its streams go into INDIVIDUAL recordings (the connection's {@code record}); true
 *                   for 1.8 participants
 */
public record ParticipantView(String id, String sessionId, Role role, String metadata, String media,
                              boolean publishing, ConnectionView.Stream stream, String serverData, boolean record) {
    /** A participant without 2.x connection details (1.8). */
    public ParticipantView(String id, String sessionId, Role role, String metadata, String media, boolean publishing) {
        this(id, sessionId, role, metadata, media, publishing, null, null, true);
    }
}
