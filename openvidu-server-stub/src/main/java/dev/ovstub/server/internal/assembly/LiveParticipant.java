package dev.ovstub.server.internal.assembly;

import dev.ovstub.server.Participant;
import dev.ovstub.server.internal.session.ParticipantView;
import dev.ovstub.server.internal.session.SessionManager;

/** A simulated participant joined through the Java API: each call goes to the session model. */
public final class LiveParticipant implements Participant {
    private final SessionManager sessions;
    private final ParticipantView joined;

    public LiveParticipant(SessionManager sessions, ParticipantView joined) {
        this.sessions = sessions;
        this.joined = joined;
    }

    @Override public String id() { return joined.id(); }
    @Override public String sessionId() { return joined.sessionId(); }
    @Override public Role role() { return Role.valueOf(joined.role().name()); }

    @Override
    public boolean isPublishing() {
        return sessions.findParticipant(joined.id()).map(ParticipantView::publishing).orElse(false);
    }

    @Override
    public Participant publish() {
        Refusals.call(() -> sessions.publish(joined.id()));
        return this;
    }

    @Override
    public Participant unpublish() {
        Refusals.call(() -> sessions.unpublish(joined.id()));
        return this;
    }

    @Override
    public void leave() {
        Refusals.call(() -> {
            sessions.leave(joined.id());
            return null;
        });
    }

    @Override
    public String toString() {
        return "Participant{" + joined.id() + " in " + joined.sessionId() + ", " + joined.role() + "}";
    }
}
