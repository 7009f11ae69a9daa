package dev.ovstub.it.flows;

import io.openvidu.java.client.Archive;
import io.openvidu.java.client.ArchiveLayout;
import io.openvidu.java.client.ArchiveMode;
import io.openvidu.java.client.MediaMode;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduException;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import io.openvidu.java.client.TokenOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's recording flows, written as an application would write them against the 1.8.0 client API.
 *
 * <p>This class uses only JDK types, {@code io.openvidu.java.client.*} methods that exist in the official 1.8.0
 * client, and {@link StubHttp}. It is compiled against our client, which is source- and binary-compatible, and
 * its bytes are also loaded, unchanged, in a class loader holding the official client: the same compiled flows
 * then run against {@code io.openvidu:openvidu-java-client:1.8.0}. So the results are plain maps and lists, and
 * the assertions live in the tests.
 */
public final class RecordingFlows {
    private static final long FINAL_STATUS_BOUND_MILLIS = 40_000;

    private final OpenVidu openVidu;
    private final StubHttp stub;

    public RecordingFlows(OpenVidu openVidu, String baseUrl, String secret) {
        this.openVidu = openVidu;
        this.stub = new StubHttp(baseUrl, secret);
    }

    /** Which client these flows run against: the jar or folder its {@code OpenVidu} class came from. */
    public String clientLocation() {
        return String.valueOf(OpenVidu.class.getProtectionDomain().getCodeSource().getLocation());
    }

    /**
     * MANUAL: a session, a PUBLISHER token, a participant that joins and publishes, the recording started through
     * the API, {@code seconds} recorded, stopped, read back and listed.
     */
    public Map<String, Object> manual(double seconds) throws InterruptedException {
        Session session = openVidu.createSession(new SessionProperties.Builder()
                .mediaMode(MediaMode.ROUTED).archiveMode(ArchiveMode.MANUAL).archiveLayout(ArchiveLayout.BEST_FIT)
                .build());
        String sessionId = session.getSessionId();
        String token = session.generateToken(new TokenOptions.Builder().role(OpenViduRole.PUBLISHER).data("alice").build());
        String participant = stub.join(sessionId, token, true, null);

        Archive started = openVidu.startRecording(sessionId);
        long startReturned = System.nanoTime();
        Thread.sleep((long) (seconds * 1000)); // the time being recorded
        long stopCalled = System.nanoTime();
        Archive stopped = openVidu.stopRecording(started.getId());

        stub.leave(participant);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sessionId", sessionId);
        out.put("participants", List.of(participant));
        out.put("started", describe(started));
        out.put("stopped", describe(stopped));
        out.put("fetched", describe(openVidu.getRecording(started.getId())));
        out.put("listedIds", listedIds());
        out.put("recordedSeconds", (stopCalled - startReturned) / 1e9);
        return out;
    }

    /**
     * ALWAYS: the recording starts at the first publish (nobody calls start), a second publisher joins, and the
     * recording stops when the last participant leaves; the final status is awaited through {@code getRecording}.
     */
    public Map<String, Object> always(double seconds) throws InterruptedException {
        Session session = openVidu.createSession(new SessionProperties.Builder()
                .archiveMode(ArchiveMode.ALWAYS).build());
        String sessionId = session.getSessionId();
        String first = stub.join(sessionId, session.generateToken(), false, null);
        List<String> before = listedIds();
        stub.publish(first);
        long published = System.nanoTime();
        Archive started = awaitRecordingOf(sessionId);
        long seenStarted = System.nanoTime();
        String second = stub.join(sessionId, session.generateToken(
                new TokenOptions.Builder().role(OpenViduRole.MODERATOR).data("bob").build()), true, null);
        Thread.sleep((long) (seconds * 1000)); // the time being recorded
        stub.unpublish(first); // unpublishing alone does not stop an ALWAYS recording
        Archive afterUnpublish = openVidu.getRecording(started.getId());
        stub.leave(first);
        Archive afterFirstLeft = openVidu.getRecording(started.getId());
        long lastLeft = System.nanoTime();
        stub.leave(second);
        Archive last = awaitFinal(started.getId());

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sessionId", sessionId);
        out.put("participants", List.of(first, second));
        out.put("listedBeforePublish", before);
        out.put("started", describe(started));
        out.put("afterUnpublish", describe(afterUnpublish));
        out.put("afterFirstLeft", describe(afterFirstLeft));
        out.put("final", describe(last));
        out.put("listedIds", listedIds());
        out.put("recordedSeconds", (lastLeft - published) / 1e9);
        out.put("seenStartedSeconds", (lastLeft - seenStarted) / 1e9);
        return out;
    }

    /** An insecure session (joined with the secret, never created through REST) is recorded automatically. */
    public Map<String, Object> insecure(String name, double seconds) throws InterruptedException {
        StubHttp.Joined participant = stub.joinInsecure(name, true);
        Archive started = awaitRecordingOf(participant.session());
        Thread.sleep((long) (seconds * 1000));
        stub.leave(participant.id());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sessionId", participant.session());
        out.put("participants", List.of(participant.id()));
        out.put("started", describe(started));
        out.put("final", describe(awaitFinal(started.getId())));
        return out;
    }

    /** Starting a recording of a session nobody joined fails with the client's exception. */
    public Map<String, Object> startWithoutParticipants() {
        Session session = openVidu.createSession();
        String sessionId = session.getSessionId();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sessionId", sessionId);
        try {
            out.put("unexpected", describe(openVidu.startRecording(sessionId)));
        } catch (OpenViduException e) {
            out.put("exception", e.getClass().getName());
            out.put("message", String.valueOf(e.getMessage()));
            out.put("code", String.valueOf(e.getCode()));
        }
        return out;
    }

    /** Deletes a recording, then tries to read it again. */
    public Map<String, Object> deleteAndGet(String recordingId) {
        openVidu.deleteRecording(recordingId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("listedIds", listedIds());
        try {
            out.put("unexpected", describe(openVidu.getRecording(recordingId)));
        } catch (OpenViduException e) {
            out.put("exception", e.getClass().getName());
            out.put("message", String.valueOf(e.getMessage()));
        }
        return out;
    }

    /** One call that the server must refuse; {@link #failingCalls} counts how each one ended. */
    @FunctionalInterface
    private interface RefusedCall {
        void call() throws Exception;
    }

    /**
     * {@code total} consecutive calls that the server refuses, cycling through every kind of refusal of the 1.8
     * REST API (400, 404, 406/409 of sessions, tokens, start, stop, get and delete), all on this one client, as an
     * application keeps one; then the calls that succeed: stopping the recording used for the refusals, and a list.
     * A client that leaks a pooled connection per error answer hangs here.
     *
     * @return per kind, how many calls ended in the client's exception; under {@code "unexpected"}, the kinds that
     *     did not; under {@code "stopped"} and {@code "listedIds"}, the successful calls after them
     */
    public Map<String, Object> failingCalls(int total) {
        Session closed = openVidu.createSession();
        String closedParticipant = stub.join(closed.getSessionId(), closed.generateToken(), false, null);
        stub.leave(closedParticipant); // the last one left: the session is closed and its id forgotten
        Session notLive = openVidu.createSession();
        Session relayed = openVidu.createSession(new SessionProperties.Builder().mediaMode(MediaMode.RELAYED).build());
        stub.join(relayed.getSessionId(), relayed.generateToken(), true, null);
        Session recorded = openVidu.createSession();
        stub.join(recorded.getSessionId(), recorded.generateToken(), true, null);
        Archive active = openVidu.startRecording(recorded.getSessionId());
        StringBuilder tooLong = new StringBuilder();
        while (tooLong.length() <= 1000) {
            tooLong.append("0123456789");
        }

        Map<String, RefusedCall> kinds = new LinkedHashMap<>();
        kinds.put("token for a closed session (400)", () -> closed.generateToken());
        kinds.put("token data over 1000 characters (400)", () -> notLive.generateToken(
                new TokenOptions.Builder().data(tooLong.toString()).build()));
        kinds.put("start a session nobody joined (404)", () -> openVidu.startRecording(notLive.getSessionId()));
        kinds.put("start a RELAYED session (409)", () -> openVidu.startRecording(relayed.getSessionId()));
        kinds.put("start a session being recorded (409)", () -> openVidu.startRecording(recorded.getSessionId()));
        kinds.put("stop an unknown recording (404)", () -> openVidu.stopRecording("no-such-recording"));
        kinds.put("get an unknown recording (404)", () -> openVidu.getRecording("no-such-recording"));
        kinds.put("delete an unknown recording (404)", () -> openVidu.deleteRecording("no-such-recording"));
        kinds.put("delete a recording being recorded (409)", () -> openVidu.deleteRecording(active.getId()));
        Map<String, Object> out = runRefused(kinds, total);
        out.put("stopped", describe(openVidu.stopRecording(active.getId())));
        out.put("listedIds", listedIds());
        return out;
    }

    /** {@link #failingCalls} on a server with recording off: every recording call is a 501; then a session. */
    public Map<String, Object> failingCallsWithRecordingOff(int total) {
        Session session = openVidu.createSession();
        Map<String, RefusedCall> kinds = new LinkedHashMap<>();
        kinds.put("start (501)", () -> openVidu.startRecording(session.getSessionId()));
        kinds.put("stop (501)", () -> openVidu.stopRecording("any"));
        kinds.put("get (501)", () -> openVidu.getRecording("any"));
        kinds.put("list (501)", () -> openVidu.listRecordings());
        kinds.put("delete (501)", () -> openVidu.deleteRecording("any"));
        Map<String, Object> out = runRefused(kinds, total);
        out.put("sessionAfter", openVidu.createSession().getSessionId());
        return out;
    }

    /** {@link #failingCalls} with a client whose secret is wrong: every call of every kind is a 401. */
    public Map<String, Object> failingCallsWithWrongSecret(int total) {
        Map<String, RefusedCall> kinds = new LinkedHashMap<>();
        // 1.8.0 creates a session lazily: the id is fetched when first asked for.
        kinds.put("create a session (401)", () -> openVidu.createSession().getSessionId());
        kinds.put("start (401)", () -> openVidu.startRecording("wss://localhost/any"));
        kinds.put("stop (401)", () -> openVidu.stopRecording("any"));
        kinds.put("get (401)", () -> openVidu.getRecording("any"));
        kinds.put("list (401)", () -> openVidu.listRecordings());
        kinds.put("delete (401)", () -> openVidu.deleteRecording("any"));
        return runRefused(kinds, total);
    }

    private static Map<String, Object> runRefused(Map<String, RefusedCall> kinds, int total) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        List<Map.Entry<String, RefusedCall>> cycle = new ArrayList<>(kinds.entrySet());
        for (int i = 0; i < total; i++) {
            Map.Entry<String, RefusedCall> kind = cycle.get(i % cycle.size());
            try {
                kind.getValue().call();
                unexpected.add(kind.getKey() + ": succeeded");
            } catch (OpenViduException e) {
                out.merge(kind.getKey(), 1, (a, b) -> (Integer) a + (Integer) b);
            } catch (IllegalArgumentException e) {
                // Our client checks the token data's length itself and never sends the request.
                out.merge(kind.getKey() + " [refused by the client]", 1, (a, b) -> (Integer) a + (Integer) b);
            } catch (Exception e) {
                unexpected.add(kind.getKey() + ": " + e);
            }
        }
        out.put("unexpected", unexpected);
        return out;
    }

    /** Every recording, as maps. */
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Archive a : openVidu.listRecordings()) {
            out.add(describe(a));
        }
        return out;
    }

    public Map<String, Object> get(String recordingId) {
        return describe(openVidu.getRecording(recordingId));
    }

    private List<String> listedIds() {
        List<String> ids = new ArrayList<>();
        for (Archive a : openVidu.listRecordings()) {
            ids.add(a.getId());
        }
        return ids;
    }

    /** Waits for a {@code started} recording of the session. */
    private Archive awaitRecordingOf(String sessionId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + FINAL_STATUS_BOUND_MILLIS;
        List<String> seen = new ArrayList<>();
        while (true) {
            seen.clear();
            for (Archive a : openVidu.listRecordings()) {
                seen.add(a.getId() + "=" + a.getStatus());
                if (sessionId.equals(a.getSessionId()) && a.getStatus() == Archive.Status.started) {
                    return a;
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no started recording of " + sessionId + "; listed: " + seen);
            }
            Thread.sleep(50);
        }
    }

    /** Polls {@code getRecording} until the recording is neither starting nor started. */
    private Archive awaitFinal(String recordingId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + FINAL_STATUS_BOUND_MILLIS;
        while (true) {
            Archive a = openVidu.getRecording(recordingId);
            if (a.getStatus() != Archive.Status.starting && a.getStatus() != Archive.Status.started) {
                return a;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("recording " + recordingId + " still " + a.getStatus());
            }
            Thread.sleep(50);
        }
    }

    /** The recording as a map of the 10 fields of the 1.8 recording JSON (status as its enum name). */
    public static Map<String, Object> describe(Archive a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.getId());
        m.put("name", a.getName());
        m.put("sessionId", a.getSessionId());
        m.put("createdAt", a.getCreatedAt());
        m.put("size", a.getSize());
        m.put("duration", a.getDuration());
        m.put("url", a.getUrl());
        m.put("hasAudio", a.hasAudio());
        m.put("hasVideo", a.hasVideo());
        m.put("status", a.getStatus() == null ? null : a.getStatus().name());
        return m;
    }
}
