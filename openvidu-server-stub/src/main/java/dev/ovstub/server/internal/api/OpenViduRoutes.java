package dev.ovstub.server.internal.api;

import dev.ovstub.server.internal.recording.Recording;
import dev.ovstub.server.internal.recording.RecordingException;
import dev.ovstub.server.internal.recording.RecordingJson;
import dev.ovstub.server.internal.recording.RecordingService;
import dev.ovstub.server.internal.session.ArchiveLayout;
import dev.ovstub.server.internal.session.ArchiveMode;
import dev.ovstub.server.internal.session.MediaMode;
import dev.ovstub.server.internal.session.Role;
import dev.ovstub.server.internal.session.SessionManager;
import dev.ovstub.server.internal.session.SessionSpec;
import dev.ovstub.server.internal.session.SessionView;
import dev.ovstub.server.internal.session.TokenGrant;
import java.util.List;
import java.util.Map;

/** The OpenVidu 1.8 REST API under {@code /api}: sessions, tokens and recordings. */
final class OpenViduRoutes {
    private static final String ID = "([^/]+)";

    private final SessionManager sessions;
    private final RecordingService recordings;

    OpenViduRoutes(SessionManager sessions, RecordingService recordings) {
        this.sessions = sessions;
        this.recordings = recordings;
    }

    void register(Router router) {
        router.add("POST", "/api/sessions", this::createSession);
        router.add("GET", "/api/sessions", this::listSessions);
        router.add("POST", "/api/tokens", this::createToken);
        router.add("POST", "/api/recordings/start", this::startRecording);
        router.add("POST", "/api/recordings/stop/" + ID, this::stopRecording);
        router.add("GET", "/api/recordings/" + ID, this::getRecording);
        router.add("GET", "/api/recordings", this::listRecordings);
        router.add("DELETE", "/api/recordings/" + ID, this::deleteRecording);
    }

    private void createSession(Exchange ex) {
        Map<String, Object> body = ex.jsonBody();
        ArchiveMode archiveMode = Exchange.optionalEnum(body, "archiveMode", ArchiveMode.class, ArchiveMode.MANUAL);
        ArchiveLayout layout = Exchange.optionalEnum(body, "archiveLayout", ArchiveLayout.class, ArchiveLayout.BEST_FIT);
        MediaMode mediaMode = Exchange.optionalEnum(body, "mediaMode", MediaMode.class, MediaMode.ROUTED);
        SessionSpec spec = sessions.createSession(mediaMode, archiveMode, layout);
        ex.sendJson(200, Json.object().put("id", spec.id()).toJson());
    }

    /**
     * OpenVidu 1.8's {@code GET /api/sessions}: a JSON array of the live sessions' ids (those someone has joined;
     * reserved ones are not listed). 1.8 left it open by mistake; here it needs the secret like the rest of /api.
     */
    private void listSessions(Exchange ex) {
        List<String> ids = sessions.sessions().stream().filter(s -> s.live() && !s.spec().isV2())
                .map(s -> s.spec().id()).toList();
        ex.sendJson(200, Json.stringArray(ids));
    }

    private void createToken(Exchange ex) {
        Map<String, Object> body = ex.jsonBody();
        String session = Exchange.requiredString(body, "session");
        Role role = Exchange.optionalEnum(body, "role", Role.class, Role.PUBLISHER);
        String data = Exchange.optionalString(body, "data");
        TokenGrant grant = sessions.createToken(session, role, data == null ? "" : data);
        ex.sendJson(200, Json.object()
                .put("id", grant.token())
                .put("token", grant.token())
                .put("session", grant.sessionId())
                .put("role", grant.role().name())
                .put("data", grant.data())
                .toJson());
    }

    private RecordingService recordingsOrRefuse() {
        if (recordings == null) {
            throw RecordingException.disabled();
        }
        return recordings;
    }

    private void startRecording(Exchange ex) {
        recordingsOrRefuse();
        Map<String, Object> body = ex.jsonBody();
        String session = Exchange.requiredString(body, "session");
        Recording r = sessions.startRecording(session);
        ex.sendJson(200, RecordingJson.toJsonString(r));
    }

    /** A 1.8 recording by id; a 2.x one is not seen here (its JSON would break the 1.8 client). */
    private Recording recording(String id) {
        return recordingsOrRefuse().get(id).filter(r -> !r.v2())
                .orElseThrow(() -> HttpError.notFound("no recording with id " + id));
    }

    private void stopRecording(Exchange ex) {
        recording(ex.pathParam(1));
        Recording r = recordingsOrRefuse().stop(ex.pathParam(1));
        ex.sendJson(200, RecordingJson.toJsonString(r));
    }

    private void getRecording(Exchange ex) {
        ex.sendJson(200, RecordingJson.toJsonString(recording(ex.pathParam(1))));
    }

    private void listRecordings(Exchange ex) {
        List<Recording> all = recordingsOrRefuse().list().stream().filter(r -> !r.v2()).toList();
        List<String> items = all.stream().map(r -> RecordingJson.toJsonString(recordings.get(r.id()).orElse(r))).toList();
        ex.sendJson(200, Json.object().put("count", all.size()).putRawArray("items", items).toJson());
    }

    private void deleteRecording(Exchange ex) {
        recording(ex.pathParam(1));
        recordingsOrRefuse().delete(ex.pathParam(1));
        ex.sendEmpty(204);
    }
}
