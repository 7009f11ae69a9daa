package dev.ovstub.server.internal.session;

import dev.ovstub.server.internal.recording.Recording;
import dev.ovstub.server.internal.recording.RecordingException;
import dev.ovstub.server.internal.recording.RecordingService;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions, tokens and simulated participants, with OpenVidu 1.8's rules:
 * <ul>
 *   <li>{@code POST /api/sessions} only reserves an id; the session is live from its first join and is closed
 *       (id and tokens forgotten) when its last participant leaves, unless a MANUAL recording keeps it open.</li>
 *   <li>ALWAYS: recording starts at the first publish and stops when the last participant leaves.</li>
 *   <li>MANUAL: recording starts and stops only through the API and never stops by itself.</li>
 *   <li>Insecure sessions: joining with the server secret instead of a token creates a ROUTED + ALWAYS +
 *       BEST_FIT session on the fly.</li>
 * </ul>
 * Thread-safe: state changes happen under one lock; recordings are started and stopped outside it.
 */
public final class SessionManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,99}");
    public static final int MAX_DATA_LENGTH = 1000;

    private final String wsBaseUrl;
    private final String secret;
    private final RecordingAutomation automation;

    private final Object lock = new Object();
    private final Map<String, SessionSpec> specs = new HashMap<>();
    private final Map<String, String> idByShortId = new HashMap<>();
    private final Map<String, TokenGrant> tokens = new HashMap<>();
    private final Map<String, LiveSession> live = new HashMap<>();
    private final Map<String, Participant> participants = new HashMap<>();
    /** Sessions created through the API that nobody has joined yet, oldest first: id → creation (nanos). */
    private final LinkedHashMap<String, Long> neverJoined = new LinkedHashMap<>();
    private final SessionGarbage garbage;
    private final LongSupplier nanoClock;
    private long lastSweep;
    private long version;

    private static final class LiveSession {
        final SessionSpec spec;
        final LinkedHashMap<String, Participant> members = new LinkedHashMap<>();
        /** Set once ALWAYS recording has been triggered, so that it is not triggered twice. */
        boolean autoRecordingTriggered;
        /** A recording of this incarnation was started through the API. */
        boolean recordedThroughApi;

        LiveSession(SessionSpec spec) {
            this.spec = spec;
        }
    }

    private static final class Participant {
        final String id;
        final String sessionId;
        final Role role;
        final String metadata;
        final String media;
        boolean publishing;
        long publishedAt;

        Participant(String id, String sessionId, Role role, String metadata, String media) {
            this.id = id;
            this.sessionId = sessionId;
            this.role = role;
            this.metadata = metadata;
            this.media = media;
        }

        ParticipantView view() {
            return new ParticipantView(id, sessionId, role, metadata, media, publishing);
        }
    }

    /**
     * @param wsBaseUrl the public WebSocket URL session ids start with, e.g. {@code wss://localhost:8443}
     * @param recordings the recording service, or null when recording is disabled
     */
    public SessionManager(String wsBaseUrl, String secret, RecordingService recordings, SessionGarbage garbage) {
        this(wsBaseUrl, secret, recordings, garbage, System::nanoTime);
    }

    SessionManager(String wsBaseUrl, String secret, RecordingService recordings, SessionGarbage garbage,
                   LongSupplier nanoClock) {
        this.wsBaseUrl = wsBaseUrl;
        this.secret = secret;
        this.automation = new RecordingAutomation(recordings);
        this.garbage = garbage;
        this.nanoClock = nanoClock;
        this.lastSweep = nanoClock.getAsLong();
    }

    /**
     * Forgets the sessions nobody joined within the garbage threshold, with their unused tokens, if a sweep is
     * due (at most one per garbage interval). Called under the lock by every call that creates or looks up a
     * session, so an idle server does no work and keeps no thread for it; a forgotten session is gone for every
     * caller from the first call after its expiry that falls in a new interval.
     */
    private void sweepIfDue() {
        if (garbage.disabled() || neverJoined.isEmpty()) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (now - lastSweep < garbage.interval().toNanos()) {
            return;
        }
        lastSweep = now;
        long threshold = garbage.threshold().toNanos();
        java.util.Set<String> expired = new java.util.HashSet<>();
        for (var it = neverJoined.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (now - e.getValue() < threshold) {
                break; // oldest first: the rest are younger
            }
            it.remove();
            expired.add(e.getKey());
            SessionSpec spec = specs.remove(e.getKey());
            if (spec != null) {
                idByShortId.remove(spec.shortId());
            }
        }
        if (!expired.isEmpty()) {
            tokens.values().removeIf(t -> expired.contains(t.sessionId()));
            version++;
            LOG.info("{} session(s) nobody joined within {} s forgotten, with their tokens", expired.size(),
                    garbage.threshold().toSeconds());
        }
    }

    /** Sessions this manager knows (created or live), for tests. */
    int knownSessions() {
        synchronized (lock) {
            return specs.size();
        }
    }

    public boolean recordingEnabled() {
        return automation.recordingEnabled();
    }

    /** Reserves a new session id with these properties. */
    public SessionSpec createSession(MediaMode mediaMode, ArchiveMode archiveMode, ArchiveLayout layout) {
        synchronized (lock) {
            sweepIfDue();
            String shortId;
            do {
                shortId = RandomIds.next(16);
            } while (idByShortId.containsKey(shortId));
            SessionSpec spec = new SessionSpec(wsBaseUrl + "/" + shortId, shortId, mediaMode, archiveMode, layout, false);
            specs.put(spec.id(), spec);
            idByShortId.put(shortId, spec.id());
            neverJoined.put(spec.id(), nanoClock.getAsLong());
            version++;
            LOG.info("Session {} created ({}, {}, {})", spec.id(), mediaMode, archiveMode, layout);
            return spec;
        }
    }

    /** Issues a single-use token. Unknown session: BAD_REQUEST, as in 1.8. */
    public TokenGrant createToken(String sessionId, Role role, String data) {
        SessionNames.requireNoControlCharacters("session", sessionId);
        if (data.length() > MAX_DATA_LENGTH) {
            throw new SessionException(SessionException.Reason.BAD_REQUEST,
                    "data: at most " + MAX_DATA_LENGTH + " characters, got " + data.length());
        }
        synchronized (lock) {
            sweepIfDue();
            if (!specs.containsKey(sessionId)) {
                throw new SessionException(SessionException.Reason.BAD_REQUEST, "session: no session with id " + sessionId);
            }
            String token;
            do {
                token = RandomIds.next(16);
            } while (tokens.containsKey(token));
            TokenGrant grant = new TokenGrant(token, sessionId, role, data);
            tokens.put(token, grant);
            return grant;
        }
    }

    /** Joins with a token from {@code POST /api/tokens}; the token is used up. */
    public ParticipantView joinWithToken(String sessionId, String token, String metadata, String media, boolean publish) {
        SessionNames.requireNoControlCharacters("session", sessionId);
        ParticipantView view;
        synchronized (lock) {
            sweepIfDue();
            SessionSpec spec = specs.get(sessionId);
            if (spec == null) {
                throw new SessionException(SessionException.Reason.NOT_FOUND, "session: no session with id " + sessionId);
            }
            TokenGrant grant = tokens.get(token);
            if (grant == null || !grant.sessionId().equals(sessionId)) {
                throw new SessionException(SessionException.Reason.UNAUTHORIZED,
                        "token: not a valid token for session " + sessionId + " (unknown, already used, or for another session)");
            }
            if (publish && !grant.role().mayPublish()) {
                // Refused before joining: the token stays usable and nobody is left behind in the session.
                throw new SessionException(SessionException.Reason.FORBIDDEN,
                        "a SUBSCRIBER may not publish: join without publish, or use a PUBLISHER token");
            }
            tokens.remove(token);
            view = addParticipant(spec, grant.role(), metadata == null ? grant.data() : metadata, media);
        }
        return publish ? publish(view.id()) : view;
    }

    /**
     * Joins an insecure session with the server secret. {@code sessionOrName} is a full session id or a bare
     * name, which becomes {@code <ws base>/<name>}. A new session is ROUTED + ALWAYS + BEST_FIT.
     */
    public ParticipantView joinInsecure(String sessionOrName, String presentedSecret, String metadata, String media,
                                        boolean publish) {
        SessionNames.requireNoControlCharacters("session", sessionOrName);
        if (!constantTimeEquals(presentedSecret, secret)) {
            throw new SessionException(SessionException.Reason.UNAUTHORIZED, "secret: wrong secret for an insecure session");
        }
        String sessionId = sessionOrName.contains("://") ? sessionOrName : wsBaseUrl + "/" + sessionOrName;
        String shortId = sessionId.substring(sessionId.lastIndexOf('/') + 1);
        if (!NAME.matcher(shortId).matches()) {
            throw new SessionException(SessionException.Reason.BAD_REQUEST,
                    "session: the name '" + shortId + "' must be 1-100 letters, digits, '_' or '-'");
        }
        ParticipantView view;
        synchronized (lock) {
            SessionSpec spec = specs.get(sessionId);
            if (spec == null) {
                String other = idByShortId.get(shortId);
                if (other != null) {
                    throw new SessionException(SessionException.Reason.CONFLICT,
                            "session: the name '" + shortId + "' is taken by session " + other);
                }
                spec = new SessionSpec(sessionId, shortId, MediaMode.ROUTED, ArchiveMode.ALWAYS, ArchiveLayout.BEST_FIT, true);
                specs.put(sessionId, spec);
                idByShortId.put(shortId, sessionId);
                LOG.info("Insecure session {} created (ROUTED, ALWAYS, BEST_FIT)", sessionId);
            }
            view = addParticipant(spec, Role.PUBLISHER, metadata == null ? "" : metadata, media);
        }
        return publish ? publish(view.id()) : view;
    }

    private ParticipantView addParticipant(SessionSpec spec, Role role, String metadata, String media) {
        neverJoined.remove(spec.id());
        LiveSession session = live.computeIfAbsent(spec.id(), id -> {
            LOG.info("Session {} is live", id);
            return new LiveSession(spec);
        });
        String id;
        do {
            id = "con_" + RandomIds.next(10);
        } while (participants.containsKey(id));
        Participant p = new Participant(id, spec.id(), role, metadata, media);
        participants.put(id, p);
        session.members.put(id, p);
        version++;
        LOG.info("Participant {} ({}) joined session {}", id, role, spec.id());
        return p.view();
    }

    /** Starts publishing. ALWAYS sessions start recording at their first publish. */
    public ParticipantView publish(String participantId) {
        ParticipantView view;
        boolean startAutoRecording = false;
        SessionSpec spec;
        LiveSession session;
        synchronized (lock) {
            Participant p = participant(participantId);
            if (!p.role.mayPublish()) {
                throw new SessionException(SessionException.Reason.FORBIDDEN,
                        "participant " + participantId + " is a SUBSCRIBER and may not publish");
            }
            if (p.publishing) {
                throw new SessionException(SessionException.Reason.CONFLICT, "participant " + participantId + " is already publishing");
            }
            p.publishing = true;
            p.publishedAt = ++version;
            session = live.get(p.sessionId);
            spec = session.spec;
            if (automation.recordsFromFirstPublish(spec) && !session.autoRecordingTriggered) {
                session.autoRecordingTriggered = true;
                startAutoRecording = true;
            }
            view = p.view();
        }
        LOG.info("Participant {} publishes in session {}", participantId, view.sessionId());
        if (startAutoRecording) {
            automation.startInBackground(spec, () -> isLive(spec.id(), session), () -> {
                synchronized (lock) {
                    return session.recordedThroughApi;
                }
            });
        }
        return view;
    }

    /** Whether this incarnation of the session is the live one (not closed, not replaced by a rejoin). */
    private boolean isLive(String sessionId, LiveSession session) {
        synchronized (lock) {
            return live.get(sessionId) == session;
        }
    }

    public ParticipantView unpublish(String participantId) {
        synchronized (lock) {
            Participant p = participant(participantId);
            if (!p.publishing) {
                throw new SessionException(SessionException.Reason.CONFLICT, "participant " + participantId + " is not publishing");
            }
            p.publishing = false;
            version++;
            LOG.info("Participant {} unpublished in session {}", participantId, p.sessionId);
            return p.view();
        }
    }

    /**
     * Leaves the session. The last one out closes it; an ALWAYS recording stops then, and stops being the
     * session's before this returns, so that a session of the same name joined at once is recorded anew.
     */
    public void leave(String participantId) {
        synchronized (lock) {
            Participant p = participant(participantId);
            participants.remove(participantId);
            LiveSession session = live.get(p.sessionId);
            session.members.remove(participantId);
            version++;
            LOG.info("Participant {} left session {}", participantId, p.sessionId);
            if (session.members.isEmpty() && !automation.keepOpenAfterLastLeave(session.spec)) {
                close(p.sessionId);
            }
        }
    }

    /** Called under the lock. */
    private void close(String sessionId) {
        LiveSession session = live.remove(sessionId);
        SessionSpec spec = specs.remove(sessionId);
        if (spec != null) {
            idByShortId.remove(spec.shortId());
        }
        tokens.values().removeIf(t -> t.sessionId().equals(sessionId));
        if (session != null) {
            session.members.keySet().forEach(participants::remove);
        }
        version++;
        LOG.info("Session {} closed", sessionId);
    }

    /**
     * A MANUAL session emptied while recording closes when its recording ends: give this to the recording
     * service as its listener.
     */
    public void recordingEnded(Recording recording) {
        synchronized (lock) {
            LiveSession session = live.get(recording.sessionId());
            if (session != null && session.members.isEmpty() && automation.activeRecordingOf(recording.sessionId()).isEmpty()) {
                close(recording.sessionId());
            }
        }
    }

    /**
     * Starts a MANUAL recording through the API, with 1.8's checks: the session must be live (404), have
     * participants (400) and be ROUTED (409).
     */
    public Recording startRecording(String sessionId) {
        if (!automation.recordingEnabled()) {
            throw new RecordingException(RecordingException.Reason.DISABLED,
                    "recording is disabled on this server (start it with openvidu.recording=true)");
        }
        SessionNames.requireNoControlCharacters("session", sessionId);
        SessionSpec spec;
        LiveSession session;
        synchronized (lock) {
            session = live.get(sessionId);
            if (session == null) {
                throw new SessionException(SessionException.Reason.NOT_FOUND, specs.containsKey(sessionId)
                        ? "session " + sessionId + " is not live: nobody has joined it yet"
                        : "no session with id " + sessionId);
            }
            if (session.members.isEmpty()) {
                throw new SessionException(SessionException.Reason.BAD_REQUEST, "session " + sessionId + " has no participants");
            }
            spec = session.spec;
            if (spec.mediaMode() != MediaMode.ROUTED) {
                throw new SessionException(SessionException.Reason.CONFLICT,
                        "session " + sessionId + " is RELAYED; only ROUTED sessions can be recorded");
            }
        }
        LiveSession asked = session;
        Recording started = automation.startThroughApi(spec, () -> isLive(sessionId, asked));
        synchronized (lock) {
            asked.recordedThroughApi = true;
        }
        return started;
    }

    /** What the recorder of a session draws; empty if no session has that short id. */
    public Optional<SessionLayout> layout(String shortId) {
        synchronized (lock) {
            String id = idByShortId.get(shortId);
            if (id == null) {
                return Optional.empty();
            }
            SessionSpec spec = specs.get(id);
            LiveSession session = live.get(id);
            List<Participant> pubs = new ArrayList<>();
            if (session != null) {
                session.members.values().stream().filter(p -> p.publishing).forEach(pubs::add);
            }
            pubs.sort((a, b) -> Long.compare(a.publishedAt, b.publishedAt));
            return Optional.of(new SessionLayout(id, spec.archiveLayout(), version, pubs.stream().map(Participant::view).toList()));
        }
    }

    /** Every known session: reserved ones and live ones, in no particular order. */
    public List<SessionView> sessions() {
        synchronized (lock) {
            sweepIfDue();
            List<SessionView> out = new ArrayList<>();
            for (SessionSpec spec : specs.values()) {
                LiveSession session = live.get(spec.id());
                List<ParticipantView> members = session == null ? List.of()
                        : session.members.values().stream().map(Participant::view).toList();
                String recordingId = automation.activeRecordingOf(spec.id()).orElse(null);
                out.add(new SessionView(spec, session != null, members, recordingId));
            }
            return out;
        }
    }

    public Optional<ParticipantView> findParticipant(String participantId) {
        synchronized (lock) {
            return Optional.ofNullable(participants.get(participantId)).map(Participant::view);
        }
    }

    /**
     * Forgets every session, participant and token, and stops every active recording: it returns once their
     * files are finished (within the start and stop bounds), so nothing records after a reset. Finished
     * recordings stay.
     */
    public void reset() {
        synchronized (lock) {
            specs.clear();
            neverJoined.clear();
            idByShortId.clear();
            tokens.clear();
            live.clear();
            participants.clear();
            version++;
        }
        automation.stopEverything();
        LOG.info("All sessions, participants and tokens forgotten, active recordings stopped");
    }

    private Participant participant(String id) {
        Participant p = participants.get(id);
        if (p == null) {
            throw new SessionException(SessionException.Reason.NOT_FOUND, "no participant with id " + id);
        }
        return p;
    }

    static boolean constantTimeEquals(String a, String b) {
        return a != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        automation.close();
    }
}
