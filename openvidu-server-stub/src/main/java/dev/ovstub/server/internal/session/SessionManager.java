package dev.ovstub.server.internal.session;

import dev.ovstub.server.internal.recording.Recording;
import dev.ovstub.server.internal.recording.RecordingException;
import dev.ovstub.server.internal.recording.RecordingRequest;
import dev.ovstub.server.internal.recording.RecordingService;
import dev.ovstub.server.internal.webhook.EndReason;
import dev.ovstub.server.internal.webhook.WebhookSender;
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
    private final Map<String, Member> participants = new HashMap<>();
    /** Sessions created through the API that nobody has joined yet, oldest first: id → creation (nanos). */
    private final LinkedHashMap<String, Long> neverJoined = new LinkedHashMap<>();
    /** 2.x connections nobody has used yet, with their tokens; guarded by the lock. */
    private final PendingConnections pending = new PendingConnections();
    private final java.util.function.LongSupplier wallClock = System::currentTimeMillis;
    private final SessionEvents events;
    /** 2.x: why each session's active recording will end, when something other than a REST stop ends it. */
    private final Map<String, EndReason> recordingEndReasons = new java.util.concurrent.ConcurrentHashMap<>();
    /** 2.x sessions closed through the API whose {@code sessionDestroyed} waits for their recording's end. */
    private final Map<String, SessionSpec> destroyedWhenRecordingEnds = new java.util.concurrent.ConcurrentHashMap<>();
    private final SessionGarbage garbage;
    private final LongSupplier nanoClock;
    private long lastSweep;
    private long version;

    /** A signal a simulated participant received ({@code from} is null when the server sent it). */
    public record Signal(String from, String type, String data, long receivedAt) {}

    private static final Pattern CUSTOM_ID = Pattern.compile("[a-zA-Z0-9_-]{1,128}");

    /**
     * @param wsBaseUrl the public WebSocket URL session ids start with, e.g. {@code wss://localhost:8443}
     * @param recordings the recording service, or null when recording is disabled
     */
    public SessionManager(String wsBaseUrl, String secret, RecordingService recordings, SessionGarbage garbage) {
        this(wsBaseUrl, secret, recordings, garbage, System::nanoTime);
    }

    /**
     * @param autostop 2.x: how long a recording goes on after its session's last participant left
     * @param webhook  where the 2.x sessions' events go (a sender of disabled settings sends nothing)
     */
    public SessionManager(String wsBaseUrl, String secret, RecordingService recordings, SessionGarbage garbage,
                          java.time.Duration autostop, WebhookSender webhook) {
        this(wsBaseUrl, secret, recordings, garbage, System::nanoTime, autostop, webhook);
    }

    SessionManager(String wsBaseUrl, String secret, RecordingService recordings, SessionGarbage garbage,
                   LongSupplier nanoClock) {
        this(wsBaseUrl, secret, recordings, garbage, nanoClock, java.time.Duration.ofSeconds(120),
                WebhookSender.start(dev.ovstub.server.internal.webhook.WebhookSettings.DISABLED));
    }

    SessionManager(String wsBaseUrl, String secret, RecordingService recordings, SessionGarbage garbage,
                   LongSupplier nanoClock, java.time.Duration autostop, WebhookSender webhook) {
        this.events = new SessionEvents(webhook, System::currentTimeMillis);
        this.wsBaseUrl = wsBaseUrl;
        this.secret = secret;
        this.automation = new RecordingAutomation(recordings, autostop, events::recordingStarted);
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
                events.sessionForgotten(spec.id());
                automation.discardQuickStart(spec.id());
            }
        }
        if (!expired.isEmpty()) {
            tokens.values().removeIf(t -> expired.contains(t.sessionId()));
            pending.forgetSessions(expired::contains);
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
            SessionSpec spec = specs.get(sessionId);
            if (spec == null) {
                throw new SessionException(SessionException.Reason.BAD_REQUEST, "session: no session with id " + sessionId);
            }
            if (spec.isV2()) {
                throw new SessionException(SessionException.Reason.BAD_REQUEST, "session: " + sessionId
                        + " was created through the 2.x API: create its connections under /openvidu/api");
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

    /**
     * Joins with a token from {@code POST /api/tokens} (1.8), or with a 2.x connection's token (its URL, or the
     * {@code tok_...} in it): the participant takes that connection's id. The token is used up.
     */
    public ParticipantView joinWithToken(String sessionId, String token, String metadata, String media, boolean publish) {
        return joinWithToken(sessionId, token, metadata, media, publish, false);
    }

    /** As {@link #joinWithToken(String, String, String, String, boolean)}; {@code big}: the presentation layouts show it big. */
    public ParticipantView joinWithToken(String sessionId, String token, String metadata, String media, boolean publish,
                                         boolean big) {
        SessionNames.requireNoControlCharacters("session", sessionId);
        ParticipantView view;
        synchronized (lock) {
            sweepIfDue();
            SessionSpec spec = specs.get(sessionId);
            if (spec == null) {
                throw new SessionException(SessionException.Reason.NOT_FOUND, "session: no session with id " + sessionId);
            }
            if (spec.isV2()) {
                PendingConnection conn = pending.ofToken(token, sessionId);
                if (conn == null) {
                    throw new SessionException(SessionException.Reason.UNAUTHORIZED, "token: not a valid token for session "
                            + sessionId + " (unknown, already used, revoked, or for another session)");
                }
                if (publish && !conn.options().role().mayPublish()) {
                    throw new SessionException(SessionException.Reason.FORBIDDEN,
                            "a SUBSCRIBER may not publish: join without publish, or use a PUBLISHER connection");
                }
                pending.remove(conn);
                view = addParticipant(spec, conn.connectionId(), conn.options().role(), metadata == null ? "" : metadata,
                        media, conn, big);
            } else {
                view = joinWithGrant(spec, sessionId, token, metadata, media, publish);
            }
        }
        return publish ? publish(view.id()) : view;
    }

    /** What a browser joining a 2.x session learns ({@code joinRoom}'s answer). */
    public record BrowserJoin(ConnectionView self, Role role, List<ConnectionView> present, Recording recording) {}

    /**
     * A browser joins a 2.x session with the token URL of one of its pending connections ({@code joinRoom}), which
     * it takes over. {@code attach} runs under the lock with the new connection, before anyone is told of it, so
     * that the caller misses none of what follows.
     *
     * @throws SessionException NOT_FOUND no such 2.x session; UNAUTHORIZED a token that is not a pending connection
     *     of it (unknown, used, revoked)
     */
    public BrowserJoin joinBrowser(String sessionId, String token, String metadata, String platform,
                                   java.util.function.Consumer<ConnectionView> attach) {
        synchronized (lock) {
            sweepIfDue();
            SessionSpec spec = specs.get(sessionId);
            if (spec == null || !spec.isV2()) {
                throw new SessionException(SessionException.Reason.NOT_FOUND, "no session " + sessionId);
            }
            PendingConnection conn = pending.ofToken(token, sessionId);
            if (conn == null) {
                throw new SessionException(SessionException.Reason.UNAUTHORIZED, "token: not a valid token for session "
                        + sessionId + " (unknown, already used, revoked, or for another session)");
            }
            LiveSession before = live.get(sessionId);
            List<ConnectionView> present = before == null ? List.of()
                    : before.members.values().stream().filter(m -> m.connection != null).map(Member::connectionView).toList();
            pending.remove(conn);
            ParticipantView view = addParticipant(spec, conn.connectionId(), conn.options().role(),
                    metadata == null ? "" : metadata, null, conn, false, platform == null ? "unknown" : platform, attach);
            Recording recording = automation.activeRecording(sessionId).orElse(null);
            return new BrowserJoin(participants.get(view.id()).connectionView(), conn.options().role(), present, recording);
        }
    }

    /**
     * Who publishes {@code streamId} in a session, for a browser subscribing to it: its connection, metadata and
     * camera ({@code media}: a file, a browser's {@code live:} stream, or null for the synthetic camera).
     */
    public record StreamOwner(String connectionId, String metadata, String media) {}

    /** The owner of a stream being published in a 2.x session, if there is one. */
    public Optional<StreamOwner> streamOwner(String sessionId, String streamId) {
        synchronized (lock) {
            LiveSession session = live.get(sessionId);
            if (session == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(session.publisherOf(streamId)).map(p -> new StreamOwner(p.id, p.metadata, p.media));
        }
    }

    /** A browser's stream whose media connection failed or whose media worker died: it ends ({@code mediaServerDisconnect}). */
    public void unpublishLost(String participantId) {
        unpublish(participantId, EndReason.MEDIA_SERVER_DISCONNECT);
    }

    /** A browser whose socket is gone for good: it leaves with {@code networkDisconnect}. */
    public void leaveLost(String participantId) {
        leave(participantId, EndReason.NETWORK_DISCONNECT);
    }

    /** Whom the live participants' changes are told to (the browsers' signalling); one at a time. */
    public void setObserver(SessionObserver observer) {
        events.observer(observer);
    }

    /** Called under the lock: a 1.8 join with a token of {@code POST /api/tokens}. */
    private ParticipantView joinWithGrant(SessionSpec spec, String sessionId, String token, String metadata, String media,
                                          boolean publish) {
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
        return addParticipant(spec, null, grant.role(), metadata == null ? grant.data() : metadata, media, null, false);
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
            if (spec.isV2()) {
                throw new SessionException(SessionException.Reason.CONFLICT, "session: " + sessionId
                        + " was created through the 2.x API: join it with a connection's token");
            }
            view = addParticipant(spec, null, Role.PUBLISHER, metadata == null ? "" : metadata, media, null, false);
        }
        return publish ? publish(view.id()) : view;
    }

    /** Called under the lock. {@code id}: the 2.x connection's id it takes over, or null (1.8: a new one). */
    private ParticipantView addParticipant(SessionSpec spec, String id, Role role, String metadata, String media,
                                           PendingConnection connection, boolean big) {
        return addParticipant(spec, id, role, metadata, media, connection, big, Member.SIMULATED_PLATFORM, c -> {});
    }

    private ParticipantView addParticipant(SessionSpec spec, String id, Role role, String metadata, String media,
                                           PendingConnection connection, boolean big, String platform,
                                           java.util.function.Consumer<ConnectionView> attach) {
        neverJoined.remove(spec.id());
        LiveSession session = live.computeIfAbsent(spec.id(), sid -> {
            LOG.info("Session {} is live", sid);
            return new LiveSession(spec);
        });
        while (id == null || participants.containsKey(id)) {
            id = "con_" + RandomIds.next(10);
        }
        Member p = new Member(id, spec.id(), role, metadata, media);
        p.connection = connection;
        p.activeAt = wallClock.getAsLong();
        p.big = big;
        p.platform = platform;
        if (connection != null) {
            attach.accept(p.connectionView());
            events.participantJoined(spec, p.connectionView());
        }
        participants.put(id, p);
        session.members.put(id, p);
        version++;
        LOG.info("Member {} ({}) joined session {}", id, role, spec.id());
        return p.view();
    }

    /** Starts publishing. ALWAYS sessions start recording at their first publish. */
    public ParticipantView publish(String participantId) {
        return publish(participantId, null, null, null);
    }

    /**
     * A browser's stream starts (its offer answered): the connection publishes {@code streamId}, carrying
     * {@code media}, and the recorder draws it from {@code live} (a media worker's stream).
     */
    public ConnectionView publishBrowser(String participantId, String streamId, ConnectionView.MediaOptions media,
                                         String live) {
        publish(participantId, streamId, media, live);
        synchronized (lock) {
            return participant(participantId).connectionView();
        }
    }

    private ParticipantView publish(String participantId, String browserStreamId, ConnectionView.MediaOptions browserMedia,
                                    String liveMedia) {
        ParticipantView view;
        boolean startAutoRecording = false;
        SessionSpec spec;
        LiveSession session;
        synchronized (lock) {
            Member p = participant(participantId);
            if (!p.role.mayPublish()) {
                throw new SessionException(SessionException.Reason.FORBIDDEN,
                        "participant " + participantId + " is a SUBSCRIBER and may not publish");
            }
            if (p.publishing) {
                throw new SessionException(SessionException.Reason.CONFLICT, "participant " + participantId + " is already publishing");
            }
            p.publishing = true;
            p.publishedAt = ++version;
            if (browserStreamId != null) {
                p.media = liveMedia;
                p.streamMedia = browserMedia;
            }
            session = live.get(p.sessionId);
            spec = session.spec;
            if (spec.isV2()) {
                p.streamId = browserStreamId != null ? browserStreamId : "str_CAM_" + RandomIds.v2("", 4) + "_" + p.id;
                p.streamCreatedAt = wallClock.getAsLong();
                automation.cancelAutostop(spec.id());
                recordingEndReasons.remove(spec.id());
                events.streamCreated(spec, p.connectionView());
            }
            if (automation.recordsFromFirstPublish(spec) && !session.autoRecordingTriggered
                    && !(spec.isV2() && (session.manuallyStopped || automation.activeRecordingOf(spec.id()).isPresent()))) {
                session.autoRecordingTriggered = true;
                startAutoRecording = true;
            }
            view = p.view();
        }
        LOG.info("Member {} publishes in session {}", participantId, view.sessionId());
        if (startAutoRecording) {
            automation.startInBackground(spec, recordingRequest(spec, null), () -> isLive(spec.id(), session), () -> {
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
        return unpublish(participantId, EndReason.UNPUBLISH);
    }

    private ParticipantView unpublish(String participantId, EndReason reason) {
        synchronized (lock) {
            Member p = participant(participantId);
            if (!p.publishing) {
                throw new SessionException(SessionException.Reason.CONFLICT, "participant " + participantId + " is not publishing");
            }
            if (p.connection != null) {
                events.streamDestroyed(live.get(p.sessionId).spec, p.connectionView(), reason);
            }
            p.publishing = false;
            p.streamId = null;
            version++;
            LOG.info("Member {} unpublished in session {}", participantId, p.sessionId);
            return p.view();
        }
    }

    /**
     * Leaves the session. The last one out closes it; an ALWAYS recording stops then, and stops being the
     * session's before this returns, so that a session of the same name joined at once is recorded anew.
     */
    public void leave(String participantId) {
        leave(participantId, EndReason.DISCONNECT);
    }

    private void leave(String participantId, EndReason reason) {
        synchronized (lock) {
            Member p = participant(participantId);
            LiveSession session = live.get(p.sessionId);
            participantGone(session, p, reason);
            participants.remove(participantId);
            session.members.remove(participantId);
            version++;
            LOG.info("Member {} left session {}", participantId, p.sessionId);
            if (session.members.isEmpty()) {
                if (automation.keepOpenAfterLastLeave(session.spec)) {
                    recordingEndReasons.put(p.sessionId, automation.autostopIsImmediate()
                            ? EndReason.LAST_PARTICIPANT_LEFT : EndReason.AUTOMATIC_STOP);
                } else {
                    close(p.sessionId);
                    events.sessionDestroyed(session.spec, EndReason.LAST_PARTICIPANT_LEFT);
                }
            }
        }
    }

    /** Called under the lock: a 2.x participant's stream and then itself end, for the webhook. */
    private void participantGone(LiveSession session, Member p, EndReason reason) {
        if (p.connection == null) {
            return;
        }
        if (p.publishing) {
            events.streamDestroyed(session.spec, p.connectionView(), reason);
        }
        events.participantLeft(session.spec, p.connectionView(), reason);
    }

    /** Called under the lock. */
    private void close(String sessionId) {
        LiveSession session = live.remove(sessionId);
        SessionSpec spec = specs.remove(sessionId);
        if (spec != null) {
            idByShortId.remove(spec.shortId());
        }
        tokens.values().removeIf(t -> t.sessionId().equals(sessionId));
        pending.forgetSessions(sessionId::equals);
        neverJoined.remove(sessionId);
        automation.cancelAutostop(sessionId);
        automation.discardQuickStart(sessionId);
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
            EndReason reason = recordingEndReasons.remove(recording.sessionId());
            events.recordingEnded(recording, reason == null ? EndReason.RECORDING_STOPPED_BY_SERVER : reason);
            SessionSpec closed = destroyedWhenRecordingEnds.remove(recording.sessionId());
            if (closed != null) {
                events.sessionDestroyed(closed, reason == EndReason.OPENVIDU_SERVER_STOPPED
                        ? EndReason.OPENVIDU_SERVER_STOPPED : EndReason.SESSION_CLOSED_BY_SERVER);
            }
            LiveSession session = live.get(recording.sessionId());
            if (session != null && automation.activeRecordingOf(recording.sessionId()).isEmpty()) {
                automation.cancelAutostop(recording.sessionId());
                if (session.members.isEmpty()) {
                    close(recording.sessionId());
                    // Closed by the automatic stop's end, or because nobody is left once its recording ended.
                    events.sessionDestroyed(session.spec, reason == EndReason.AUTOMATIC_STOP
                            ? EndReason.AUTOMATIC_STOP : EndReason.LAST_PARTICIPANT_LEFT);
                } else if (session.spec.isV2()) {
                    // 2.x ALWAYS: a later publish records again, unless a recording was stopped through the API.
                    session.autoRecordingTriggered = false;
                    automation.prepareQuickStart(session.spec);
                }
            }
        }
    }

    /**
     * Starts a MANUAL recording through the API, with 1.8's checks: the session must be live (404), have
     * participants (400) and be ROUTED (409).
     */
    public Recording startRecording(String sessionId) {
        if (!automation.recordingEnabled()) {
            throw RecordingException.disabled();
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
            if (session.spec.isV2()) {
                throw new SessionException(SessionException.Reason.NOT_FOUND, "session " + sessionId
                        + " was created through the 2.x API: record it through /openvidu/api/recordings/start");
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
        Recording started = automation.startThroughApi(spec, recordingRequest(spec, null), () -> isLive(sessionId, asked));
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
            List<Member> pubs = new ArrayList<>();
            if (session != null) {
                session.members.values().stream().filter(p -> p.publishing).forEach(pubs::add);
            }
            pubs.sort((a, b) -> Long.compare(a.publishedAt, b.publishedAt));
            String big = pubs.stream().filter(p -> p.big).map(p -> p.id).findFirst().orElse(null);
            String layoutName = spec.archiveLayout().name();
            if (spec.isV2()) {
                layoutName = automation.activeRecording(id).map(r -> r.options().layout())
                        .filter(l -> !"CUSTOM".equals(l)).orElse("BEST_FIT");
            }
            return Optional.of(new SessionLayout(id, layoutName, version,
                    pubs.stream().map(Member::view).toList(), spec.isV2(), big));
        }
    }

    /** Every known session: reserved ones and live ones, in no particular order. */
    public List<SessionView> sessions() {
        synchronized (lock) {
            sweepIfDue();
            List<SessionView> out = new ArrayList<>();
            for (SessionSpec spec : specs.values()) {
                LiveSession session = live.get(spec.id());
                out.add(viewOf(spec, session));
            }
            return out;
        }
    }

    /** Called under the lock. */
    private SessionView viewOf(SessionSpec spec, LiveSession session) {
        List<ParticipantView> members = session == null ? List.of()
                : session.members.values().stream().map(Member::view).toList();
        String recordingId = automation.activeRecordingOf(spec.id()).orElse(null);
        List<ConnectionView> connections = new ArrayList<>();
        if (spec.isV2()) {
            if (session != null) {
                session.members.values().forEach(p -> connections.add(p.connectionView()));
            }
            pending.ofSession(spec.id()).forEach(c -> connections.add(c.view()));
        }
        return new SessionView(spec, session != null, members, recordingId, connections,
                automation.countingDown(spec.id()));
    }

    public Optional<ParticipantView> findParticipant(String participantId) {
        synchronized (lock) {
            return Optional.ofNullable(participants.get(participantId)).map(Member::view);
        }
    }

    // ---------------------------------------------------------------- OpenVidu 2.x

    /**
     * The recording a session's start asks for: a 1.8 session's is 1.8's; a 2.x one's is {@code asked} (null: nothing
     * given) over the session's {@code defaultRecordingProperties}, validated.
     */
    private static RecordingRequest recordingRequest(SessionSpec spec, RecordingProperties asked) {
        if (!spec.isV2()) {
            return RecordingRequest.v18(spec.id(), spec.shortId(), spec.archiveLayout().pageName());
        }
        RecordingProperties props = (asked == null ? RecordingProperties.NONE : asked).orElse(spec.v2().defaults());
        return props.validate().resolveFor(spec.id());
    }

    /**
     * Creates a 2.x session ({@code POST /openvidu/api/sessions}): not active until someone joins.
     *
     * @param customSessionId the id asked for, or null / empty for a generated {@code ses_...} one
     * @throws SessionException CONFLICT when the custom id names a known session (2.x answers 409, and the id can
     *                          be used as usual)
     */
    public SessionSpec createSession2(MediaMode mediaMode, ArchiveMode recordingMode, String customSessionId,
                                      String forcedVideoCodec, boolean allowTranscoding, RecordingProperties defaults) {
        try {
            defaults.validate();
        } catch (SessionException e) {
            // 2.x answers every invalid defaultRecordingProperties of a session's creation with 400 (§3.1).
            throw new SessionException(SessionException.Reason.BAD_REQUEST, "defaultRecordingProperties: " + e.getMessage());
        }
        boolean custom = customSessionId != null && !customSessionId.isEmpty();
        if (custom && !CUSTOM_ID.matcher(customSessionId).matches()) {
            throw new SessionException(SessionException.Reason.BAD_REQUEST, "customSessionId: '" + customSessionId
                    + "' must be 1-128 letters, digits, '_' or '-'");
        }
        synchronized (lock) {
            sweepIfDue();
            String id = customSessionId;
            if (custom) {
                if (specs.containsKey(id)) {
                    throw new SessionException(SessionException.Reason.CONFLICT, "customSessionId: session " + id + " exists");
                }
                if (idByShortId.containsKey(id)) {
                    // Not a 409: the 2.x client would then fetch it through /openvidu/api, where a 1.8 session is not.
                    throw new SessionException(SessionException.Reason.BAD_REQUEST, "customSessionId: '" + id
                            + "' is the name of a session of the 1.8 API (" + idByShortId.get(id) + "); choose another");
                }
            } else {
                do {
                    id = RandomIds.v2("ses_", 10);
                } while (specs.containsKey(id) || idByShortId.containsKey(id));
            }
            SessionOptions options = new SessionOptions(wallClock.getAsLong(), custom ? customSessionId : "",
                    forcedVideoCodec, allowTranscoding, defaults);
            SessionSpec spec = new SessionSpec(id, id, mediaMode, recordingMode, ArchiveLayout.BEST_FIT, false, options);
            specs.put(id, spec);
            idByShortId.put(id, id);
            neverJoined.put(id, nanoClock.getAsLong());
            version++;
            LOG.info("Session {} created through the 2.x API ({}, {})", id, mediaMode, recordingMode);
            events.sessionCreated(spec);
            automation.prepareQuickStart(spec);
            return spec;
        }
    }

    /** A 2.x session's snapshot; empty if unknown (or a 1.8 session). */
    public Optional<SessionView> session2(String sessionId) {
        synchronized (lock) {
            sweepIfDue();
            SessionSpec spec = specs.get(sessionId);
            if (spec == null || !spec.isV2()) {
                return Optional.empty();
            }
            return Optional.of(viewOf(spec, live.get(sessionId)));
        }
    }

    /** Every 2.x session, created or active, oldest first. */
    public List<SessionView> sessions2() {
        synchronized (lock) {
            sweepIfDue();
            List<SessionView> out = new ArrayList<>();
            for (SessionSpec spec : specs.values()) {
                if (spec.isV2()) {
                    out.add(viewOf(spec, live.get(spec.id())));
                }
            }
            out.sort(java.util.Comparator.comparingLong(v -> v.spec().v2().createdAt()));
            return out;
        }
    }

    private SessionSpec spec2(String sessionId, SessionException.Reason ifUnknown) {
        SessionSpec spec = specs.get(sessionId);
        if (spec == null || !spec.isV2()) {
            throw new SessionException(ifUnknown, "no session with id " + sessionId);
        }
        return spec;
    }

    /** A pending connection of a 2.x session, with its token ({@code POST .../connection}, {@code POST /tokens}). */
    public ConnectionView createConnection(String sessionId, ConnectionOptions options) {
        synchronized (lock) {
            sweepIfDue();
            SessionSpec spec = spec2(sessionId, SessionException.Reason.NOT_FOUND);
            PendingConnection conn = pending.create(spec, wsBaseUrl, wallClock.getAsLong(), options,
                    participants::containsKey);
            version++;
            return conn.view();
        }
    }

    /** One connection of a 2.x session. @throws SessionException BAD_REQUEST unknown session, NOT_FOUND unknown connection */
    public ConnectionView connection(String sessionId, String connectionId) {
        synchronized (lock) {
            spec2(sessionId, SessionException.Reason.BAD_REQUEST);
            Member p = participants.get(connectionId);
            if (p != null && p.sessionId.equals(sessionId)) {
                return p.connectionView();
            }
            PendingConnection c = pending.get(sessionId, connectionId);
            if (c != null) {
                return c.view();
            }
            throw new SessionException(SessionException.Reason.NOT_FOUND, "no connection " + connectionId + " in session " + sessionId);
        }
    }

    /**
     * {@code DELETE /openvidu/api/sessions/<id>}: every participant is evicted, a recording is stopped (it ends
     * {@code ready}, within the stop bound, before this returns), pending tokens die and the id is free again.
     */
    public void closeSession2(String sessionId) {
        SessionSpec spec;
        synchronized (lock) {
            spec = spec2(sessionId, SessionException.Reason.NOT_FOUND);
            LiveSession session = live.get(sessionId);
            if (session != null) {
                session.members.values().forEach(p -> participantGone(session, p, EndReason.SESSION_CLOSED_BY_SERVER));
            }
            if (automation.activeRecordingOf(sessionId).isPresent()) {
                // Its end is sent once the recording's is (ready comes before the session's destruction in 2.x).
                recordingEndReasons.put(sessionId, EndReason.SESSION_CLOSED_BY_SERVER);
                destroyedWhenRecordingEnds.put(sessionId, spec);
            } else {
                events.sessionDestroyed(spec, EndReason.SESSION_CLOSED_BY_SERVER);
            }
            close(sessionId);
        }
        automation.stopAndWait(sessionId);
    }

    /**
     * Evicts an active connection (its streams end) or revokes a pending one.
     *
     * @throws SessionException BAD_REQUEST unknown session, NOT_FOUND unknown connection
     */
    public void forceDisconnect(String sessionId, String connectionId) {
        forceDisconnect(sessionId, connectionId, false);
    }

    /** As {@link #forceDisconnect(String, String)}; {@code byUser}: asked by a MODERATOR's browser, not the REST API. */
    public void forceDisconnect(String sessionId, String connectionId, boolean byUser) {
        synchronized (lock) {
            spec2(sessionId, SessionException.Reason.BAD_REQUEST);
            PendingConnection c = pending.get(sessionId, connectionId);
            if (c != null) {
                pending.remove(c);
                version++;
                LOG.info("Pending connection {} of session {} revoked", connectionId, sessionId);
                return;
            }
            Member p = participants.get(connectionId);
            if (p == null || !p.sessionId.equals(sessionId)) {
                throw new SessionException(SessionException.Reason.NOT_FOUND, "no connection " + connectionId + " in session " + sessionId);
            }
            LOG.info("Connection {} of session {} evicted by {}", connectionId, sessionId, byUser ? "a moderator" : "the server");
            leave(connectionId, byUser ? EndReason.FORCE_DISCONNECT_BY_USER : EndReason.FORCE_DISCONNECT_BY_SERVER);
        }
    }

    /**
     * Unpublishes a stream; its connection stays.
     *
     * @throws SessionException BAD_REQUEST unknown session, NOT_FOUND no such stream
     */
    public void forceUnpublish(String sessionId, String streamId) {
        forceUnpublish(sessionId, streamId, false);
    }

    /** As {@link #forceUnpublish(String, String)}; {@code byUser}: asked by a MODERATOR's browser. */
    public void forceUnpublish(String sessionId, String streamId, boolean byUser) {
        synchronized (lock) {
            spec2(sessionId, SessionException.Reason.BAD_REQUEST);
            LiveSession session = live.get(sessionId);
            Member owner = session == null ? null : session.publisherOf(streamId);
            if (owner == null) {
                throw new SessionException(SessionException.Reason.NOT_FOUND, "no stream " + streamId + " in session " + sessionId);
            }
            unpublish(owner.id, byUser ? EndReason.FORCE_UNPUBLISH_BY_USER : EndReason.FORCE_UNPUBLISH_BY_SERVER);
        }
    }

    /**
     * {@code POST /openvidu/api/signal}: the simulated participants named (all when {@code to} is empty) keep it.
     *
     * @return the connection ids it reached
     * @throws SessionException NOT_FOUND unknown session; NOT_ACCEPTABLE not active, or a {@code to} that is no
     *                          active connection of it
     */
    public List<String> signal(String sessionId, List<String> to, String type, String data) {
        return signal(sessionId, null, to, type, data);
    }

    /**
     * A signal from a participant of the session ({@code from}, a browser's {@code sendMessage}) or, with
     * {@code from} null, from the REST API. Everyone is the targets when {@code to} is empty, the sender included.
     */
    public List<String> signal(String sessionId, String from, List<String> to, String type, String data) {
        synchronized (lock) {
            spec2(sessionId, SessionException.Reason.NOT_FOUND);
            LiveSession session = live.get(sessionId);
            if (session == null || session.members.isEmpty()) {
                throw new SessionException(SessionException.Reason.NOT_ACCEPTABLE, "session " + sessionId + " has no participants");
            }
            List<Member> targets = new ArrayList<>();
            if (to.isEmpty()) {
                targets.addAll(session.members.values());
            } else {
                for (String id : to) {
                    Member p = session.members.get(id);
                    if (p == null) {
                        throw new SessionException(SessionException.Reason.NOT_ACCEPTABLE,
                                "to: " + id + " is not an active connection of session " + sessionId);
                    }
                    targets.add(p);
                }
            }
            events.signalSent(live.get(sessionId).spec, from, targets.stream().map(p -> p.id).toList(), type, data);
            Signal signal = new Signal(from, type, data, wallClock.getAsLong());
            targets.forEach(p -> p.received(signal));
            return targets.stream().map(p -> p.id).toList();
        }
    }

    /** The signals a simulated participant received, oldest first (the last {@value Member#MAX_SIGNALS}). */
    public List<Signal> signalsOf(String participantId) {
        synchronized (lock) {
            return List.copyOf(participant(participantId).signals);
        }
    }

    /**
     * Starts a recording of a 2.x session through the API, with 2.x's order of checks (contract §3.9): unknown 404;
     * not active: RELAYED or recorded 409, else 406; active: RELAYED or recorded 409, nobody in it 406; then the
     * properties (400 / 422), which {@code asked} reads only then. A recording started while nobody publishes starts
     * its automatic-stop countdown.
     */
    public Recording startRecording2(String sessionId, java.util.function.Supplier<RecordingProperties> asked) {
        if (!automation.recordingEnabled()) {
            throw RecordingException.disabled();
        }
        SessionSpec spec;
        LiveSession session;
        RecordingRequest request;
        synchronized (lock) {
            sweepIfDue();
            spec = spec2(sessionId, SessionException.Reason.NOT_FOUND);
            session = live.get(sessionId);
            boolean recorded = automation.activeRecordingOf(sessionId).isPresent();
            if (spec.mediaMode() == MediaMode.RELAYED || recorded) {
                throw new SessionException(SessionException.Reason.CONFLICT, recorded
                        ? "session " + sessionId + " is already being recorded"
                        : "session " + sessionId + " is RELAYED; only ROUTED sessions can be recorded");
            }
            if (session == null || session.members.isEmpty()) {
                throw new SessionException(SessionException.Reason.NOT_ACCEPTABLE,
                        "session " + sessionId + " has no participants: nobody has joined it");
            }
            request = recordingRequest(spec, asked.get());
        }
        LiveSession asking = session;
        Recording started = automation.startThroughApi(spec, request, () -> isLive(sessionId, asking));
        synchronized (lock) {
            events.recordingStarted(started);
            asking.recordedThroughApi = true;
            if (asking.members.values().stream().noneMatch(p -> p.publishing)) {
                recordingEndReasons.put(sessionId, automation.autostopIsImmediate()
                        ? EndReason.LAST_PARTICIPANT_LEFT : EndReason.AUTOMATIC_STOP);
                automation.scheduleAutostop(sessionId, started.id());
            }
        }
        return started;
    }

    /** Stops a recording through the 2.x API: its session will not be recorded again by ALWAYS. */
    public Recording stopRecording2(String recordingId) {
        // Before the stop: the recording's end (its listener) must see why it ended, and a publish meanwhile in an
        // ALWAYS session must not record again. Undone if the stop is refused.
        LiveSession session;
        boolean wasStopped;
        String sessionId = automation.sessionOfActive(recordingId).orElse(null);
        synchronized (lock) {
            session = sessionId == null ? null : live.get(sessionId);
            wasStopped = session != null && session.manuallyStopped;
            if (session != null) {
                session.manuallyStopped = true;
                recordingEndReasons.put(sessionId, EndReason.RECORDING_STOPPED_BY_SERVER);
            }
        }
        try {
            return automation.stopThroughApi(recordingId);
        } catch (RuntimeException refused) {
            synchronized (lock) {
                if (session != null) {
                    session.manuallyStopped = wasStopped;
                    recordingEndReasons.remove(sessionId, EndReason.RECORDING_STOPPED_BY_SERVER);
                }
            }
            throw refused;
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
            pending.clear();
            live.clear();
            participants.clear();
            recordingEndReasons.clear();
            destroyedWhenRecordingEnds.clear();
            events.forgetAll();
            version++;
        }
        automation.cancelAllAutostops();
        automation.stopEverything();
        LOG.info("All sessions, participants and tokens forgotten, active recordings stopped");
    }

    private Member participant(String id) {
        Member p = participants.get(id);
        if (p == null) {
            throw new SessionException(SessionException.Reason.NOT_FOUND, "no participant with id " + id);
        }
        return p;
    }

    static boolean constantTimeEquals(String a, String b) {
        return a != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Stops the automation; 2.x sessions still open end for the webhook (reason: the server stopped). */
    @Override
    public void close() {
        synchronized (lock) {
            for (SessionSpec spec : specs.values()) {
                if (!spec.isV2()) {
                    continue;
                }
                LiveSession session = live.get(spec.id());
                if (session != null) {
                    session.members.values().forEach(p -> participantGone(session, p, EndReason.OPENVIDU_SERVER_STOPPED));
                }
                if (automation.activeRecordingOf(spec.id()).isPresent()) {
                    // Destroyed once its recording, which the recording service stops next, has ended.
                    recordingEndReasons.put(spec.id(), EndReason.OPENVIDU_SERVER_STOPPED);
                    destroyedWhenRecordingEnds.put(spec.id(), spec);
                } else {
                    events.sessionDestroyed(spec, EndReason.OPENVIDU_SERVER_STOPPED);
                }
            }
        }
        automation.close();
    }
}
