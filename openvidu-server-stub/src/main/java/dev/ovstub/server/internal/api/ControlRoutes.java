package dev.ovstub.server.internal.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ovstub.server.internal.recorder.LayoutState;
import dev.ovstub.server.internal.recorder.Publisher;
import dev.ovstub.server.internal.recording.Recording;
import dev.ovstub.server.internal.recording.RecordingException;
import dev.ovstub.server.internal.recording.RecordingJson;
import dev.ovstub.server.internal.recording.RecordingService;
import dev.ovstub.server.internal.session.ParticipantView;
import dev.ovstub.server.internal.session.SessionLayout;
import dev.ovstub.server.internal.session.SessionManager;
import dev.ovstub.server.internal.session.SessionView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stub's own control API under {@code /stub}: simulated participants, a view of the sessions, reset, the
 * layout state that recorders and the layout page draw from, and the read-only views the dashboard needs beyond
 * the OpenVidu API (server facts, why recordings failed).
 */
final class ControlRoutes {
    private static final String ID = "([^/]+)";

    private final SessionManager sessions;
    private final RecordingService recordings;
    private final MediaAccess media;
    private final ServerInfo info;
    private final Runnable clearFaults;

    /**
     * @param recordings  null when recording is off
     * @param clearFaults forgets every injected fault (the HTTP delays and the recording service's failures)
     */
    ControlRoutes(SessionManager sessions, RecordingService recordings, MediaAccess media, ServerInfo info,
                  Runnable clearFaults) {
        this.clearFaults = clearFaults;
        this.sessions = sessions;
        this.recordings = recordings;
        this.media = media;
        this.info = info;
    }

    void register(Router router) {
        router.add("POST", "/stub/participants", this::join);
        router.add("POST", "/stub/participants/" + ID + "/publish", this::publish);
        router.add("DELETE", "/stub/participants/" + ID + "/publish", this::unpublish);
        router.add("GET", "/stub/participants/" + ID, this::getParticipant);
        router.add("GET", "/stub/participants/" + ID + "/signals", this::signals);
        router.add("DELETE", "/stub/participants/" + ID, this::leave);
        router.add("GET", "/stub/sessions", this::listSessions);
        router.add("POST", "/stub/reset", this::reset);
        router.add("GET", "/stub/layout/" + ID, this::layout);
        router.add("GET", "/stub/info", this::info);
        router.add("GET", "/stub/recordings", this::listRecordings);
    }

    private void info(Exchange ex) {
        ex.sendJson(200, info.toJson());
    }

    /** The recordings as {@code GET /api/recordings} lists them, each with {@code failureReason} (null unless known). */
    private void listRecordings(Exchange ex) {
        if (recordings == null) {
            throw RecordingException.disabled();
        }
        List<Recording> all = recordings.list();
        List<String> items = new ArrayList<>(all.size());
        for (Recording r : all) {
            ObjectNode item = RecordingJson.toJson(r);
            item.put("failureReason", recordings.failureReason(r.id()).orElse(null));
            items.add(item.toString());
        }
        ex.sendJson(200, Json.object().put("count", all.size()).putRawArray("items", items).toJson());
    }

    private void join(Exchange ex) {
        Map<String, Object> body = ex.jsonBody();
        String session = Exchange.requiredString(body, "session");
        String token = Exchange.optionalString(body, "token");
        String secret = Exchange.optionalString(body, "secret");
        String metadata = Exchange.optionalString(body, "metadata");
        boolean publish = Exchange.optionalBoolean(body, "publish", false);
        boolean big = Exchange.optionalBoolean(body, "big", false);
        ParticipantView p;
        if (token != null && secret != null) {
            throw HttpError.badRequest("token, secret: give one, not both");
        }
        String media = this.media.check(Exchange.optionalString(body, "media"));
        if (token != null) {
            p = sessions.joinWithToken(session, token, metadata, media, publish, big);
        } else if (secret != null) {
            p = sessions.joinInsecure(session, secret, metadata, media, publish);
        } else {
            throw HttpError.badRequest("token: required (or secret, to join an insecure session)");
        }
        ex.sendJson(200, participantJson(p));
    }

    private void publish(Exchange ex) {
        ex.sendJson(200, participantJson(sessions.publish(ex.pathParam(1))));
    }

    private void unpublish(Exchange ex) {
        sessions.unpublish(ex.pathParam(1));
        ex.sendEmpty(204);
    }

    private void getParticipant(Exchange ex) {
        String id = ex.pathParam(1);
        ex.sendJson(200, participantJson(sessions.findParticipant(id)
                .orElseThrow(() -> HttpError.notFound("no participant with id " + id))));
    }

    /** The signals a simulated participant received (2.x sessions), oldest first. */
    private void signals(Exchange ex) {
        List<String> items = new ArrayList<>();
        for (SessionManager.Signal signal : sessions.signalsOf(ex.pathParam(1))) {
            items.add(Json.object().put("from", signal.from()).put("type", signal.type()).put("data", signal.data())
                    .put("receivedAt", signal.receivedAt()).toJson());
        }
        ex.sendJson(200, Json.object().put("count", items.size()).putRawArray("items", items).toJson());
    }

    private void leave(Exchange ex) {
        sessions.leave(ex.pathParam(1));
        ex.sendEmpty(204);
    }

    private void listSessions(Exchange ex) {
        List<SessionView> all = sessions.sessions();
        List<String> items = new ArrayList<>();
        for (SessionView s : all) {
            items.add(Json.object()
                    .put("id", s.spec().id())
                    .put("api", s.spec().isV2() ? "2.x" : "1.8")
                    .put("archiveMode", s.spec().archiveMode().name())
                    .put("archiveLayout", s.spec().archiveLayout().name())
                    .put("mediaMode", s.spec().mediaMode().name())
                    .put("live", s.live())
                    .put("insecure", s.spec().insecure())
                    .putRawArray("participants", s.participants().stream().map(ControlRoutes::participantJson).toList())
                    .put("recordingId", s.recordingId())
                    .put("autostopPending", s.autostopPending())
                    .toJson());
        }
        ex.sendJson(200, Json.object().put("count", all.size()).putRawArray("items", items).toJson());
    }

    private void reset(Exchange ex) {
        sessions.reset();
        clearFaults.run();
        ex.sendEmpty(204);
    }

    private void layout(Exchange ex) {
        String shortId = ex.pathParam(1);
        SessionLayout state = sessions.layout(shortId)
                .orElseThrow(() -> HttpError.notFound("no session " + shortId));
        List<Publisher> publishers = state.publishers().stream()
                .map(p -> new Publisher(p.id(), p.metadata(), LiveMediaRoutes.forCaller(ex, shortId,
                        p.stream() == null ? null : p.stream().streamId(), p.media()),
                        p.id().equals(state.bigPublisherId()), streamInfo(p))).toList();
        ex.send(200, "application/json", new LayoutState(state.sessionId(), state.layoutName(), state.version(),
                publishers, state.v2() ? LayoutState.Geometry.OPENVIDU_2 : LayoutState.Geometry.GRID_1_8).toJson());
    }

    /** What an INDIVIDUAL recording's manifest says of a 2.x participant's stream; null for 1.8 participants. */
    private static Publisher.StreamInfo streamInfo(ParticipantView p) {
        if (p.stream() == null) return null;
        var media = p.stream().media();
        return new Publisher.StreamInfo(p.stream().streamId(), p.serverData(), media.hasAudio(), media.hasVideo(),
                media.typeOfVideo(), p.record());
    }

    static String participantJson(ParticipantView p) {
        return Json.object()
                .put("id", p.id())
                .put("session", p.sessionId())
                .put("role", p.role().name())
                .put("publishing", p.publishing())
                .put("metadata", p.metadata())
                .toJson();
    }
}
