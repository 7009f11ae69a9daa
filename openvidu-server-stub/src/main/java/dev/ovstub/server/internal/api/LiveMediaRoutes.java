package dev.ovstub.server.internal.api;

import dev.ovstub.server.internal.recorder.LiveFrames;
import dev.ovstub.server.internal.recorder.LivePictures;
import dev.ovstub.server.internal.session.ParticipantView;
import dev.ovstub.server.internal.session.SessionManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Browsers' live streams for whoever is not on this machine. A media worker serves a stream's pictures and audio on
 * 127.0.0.1 only; recorders in containers or pods, and the layout page in a recording container's browser, get them
 * here instead, behind the server's Basic authentication:
 * <ul>
 *   <li>{@code GET /stub/live/<session>/frames/<stream>} and {@code .../audio/<stream>?from=N}: the worker's answer
 *       passed on (the recorder's {@code LiveFrames} contract);</li>
 *   <li>{@code GET /stub/live/<session>/pictures/<stream>}: the latest picture as a JPEG, for the layout page (204
 *       when there is none, or it is older than {@link LiveFrames#STALE_MILLIS}).</li>
 * </ul>
 * {@link #forCaller} is what the layout state tells a caller: callers on this machine get the worker's own URL
 * (nothing in between), the others this proxy's, relative to the state's URL. A request a reverse proxy forwarded
 * ({@code Forwarded}, {@code X-Forwarded-For}) is from elsewhere even when the proxy connects over loopback: its
 * caller reaches the server through that proxy, so the relative URL goes through it too.
 */
final class LiveMediaRoutes {
    private static final String ID = "([^/]+)";
    private static final String STATE_TO_PROXY = "../live/";
    /** What a media worker's stream is (it serves on loopback only): nothing else is ever fetched from here. */
    private static final String WORKER_URLS = LiveFrames.PREFIX + "http://127.0.0.1:";

    private final SessionManager sessions;

    LiveMediaRoutes(SessionManager sessions) {
        this.sessions = sessions;
    }

    void register(Router router) {
        router.add("GET", "/stub/live/" + ID + "/frames/" + ID, ex -> pass(ex, "frames"));
        router.add("GET", "/stub/live/" + ID + "/audio/" + ID, ex -> pass(ex, "audio"));
        router.add("GET", "/stub/live/" + ID + "/pictures/" + ID, this::picture);
    }

    /**
     * The {@code media} a layout state gives this caller for a publisher: a browser's stream as the proxy's URL
     * relative to the state's ({@code live:../live/<session>/frames/<stream>}) unless the caller is on this machine.
     */
    static String forCaller(Exchange ex, String shortSessionId, String streamId, String media) {
        if (media == null || !media.startsWith(LiveFrames.PREFIX) || streamId == null || isOnThisMachine(ex)) {
            return media;
        }
        return LiveFrames.PREFIX + STATE_TO_PROXY + shortSessionId + LiveFrames.FRAMES_SEGMENT + streamId;
    }

    private static boolean isOnThisMachine(Exchange ex) {
        return isOnThisMachine(Request.getRemoteAddr(ex.request), ex.request.getHeaders());
    }

    /**
     * Whether a request comes from this machine: its peer ({@code remoteAddress}, an IP literal) is a loopback address
     * and it is not a reverse proxy's passing someone else's request on ({@code Forwarded}, {@code X-Forwarded-For}).
     * Nothing is granted to a caller on this machine but the worker's URL in place of the proxy's, so a header can
     * only make a caller count as from elsewhere, never the other way.
     */
    static boolean isOnThisMachine(String remoteAddress, HttpFields headers) {
        if (headers.contains(HttpHeader.FORWARDED) || headers.contains(HttpHeader.X_FORWARDED_FOR)) {
            return false;
        }
        try {
            return InetAddress.getByName(remoteAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The worker URL of {@code stream}'s pictures in that session; a 404 if it is not a browser's live stream. */
    private URI workerFrames(String shortSessionId, String streamId) {
        List<ParticipantView> publishers = sessions.layout(shortSessionId)
                .orElseThrow(() -> HttpError.notFound("no session " + shortSessionId)).publishers();
        for (ParticipantView p : publishers) {
            if (p.stream() != null && streamId.equals(p.stream().streamId()) && p.media() != null
                    && p.media().startsWith(WORKER_URLS)) {
                return URI.create(p.media().substring(LiveFrames.PREFIX.length()));
            }
        }
        throw HttpError.notFound("no browser stream " + streamId + " in session " + shortSessionId);
    }

    private void pass(Exchange ex, String kind) {
        String frames = workerFrames(ex.pathParam(1), ex.pathParam(2)).toString();
        String from = kind.equals("audio") ? fromParameter(ex.request.getHttpURI().getQuery()) : null;
        URI target = URI.create((kind.equals("audio") ? LiveFrames.audioUrl(frames) : frames)
                + (from == null ? "" : "?from=" + from));
        try {
            HttpURLConnection c = open(target);
            int status = c.getResponseCode();
            byte[] body;
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                body = in == null ? new byte[0] : in.readAllBytes();
            }
            for (String h : List.of(LiveFrames.WIDTH_HEADER, LiveFrames.HEIGHT_HEADER, LiveFrames.SEQUENCE_HEADER,
                    LiveFrames.AGE_HEADER, LiveFrames.FROM_HEADER, LiveFrames.RATE_HEADER)) {
                if (c.getHeaderField(h) != null) {
                    ex.response.getHeaders().put(h, c.getHeaderField(h));
                }
            }
            ex.response.getHeaders().put("Cache-Control", "no-store");
            if (status == 200) {
                ex.send(200, "application/octet-stream", body);
            } else {
                ex.sendEmpty(status == 204 ? 204 : 404);
            }
        } catch (IOException e) {
            throw HttpError.notFound("the stream's media worker does not answer: " + e.getMessage());
        }
    }

    /** The {@code from} position of an audio request, or null (none); anything but a number is a 400. */
    private static String fromParameter(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("from=")) {
                try {
                    return Long.toString(Long.parseLong(pair.substring(5)));
                } catch (NumberFormatException e) {
                    throw HttpError.badRequest("from: expected a sample position, got " + pair.substring(5));
                }
            }
        }
        return null;
    }

    private void picture(Exchange ex) {
        URI frames = workerFrames(ex.pathParam(1), ex.pathParam(2));
        try {
            HttpURLConnection c = open(frames);
            if (c.getResponseCode() != 200) {
                try (InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
                    if (in != null) {
                        in.readAllBytes();
                    }
                }
                ex.sendEmpty(204);
                return;
            }
            byte[] yuv;
            try (InputStream in = c.getInputStream()) {
                yuv = in.readAllBytes();
            }
            int w = Integer.parseInt(c.getHeaderField(LiveFrames.WIDTH_HEADER));
            int h = Integer.parseInt(c.getHeaderField(LiveFrames.HEIGHT_HEADER));
            long age = Long.parseLong(c.getHeaderField(LiveFrames.AGE_HEADER));
            // A stopped stream: no picture, so the page says "no video" as the recorder does.
            if (yuv.length != w * h * 3 / 2 || age > LiveFrames.STALE_MILLIS) {
                ex.sendEmpty(204);
                return;
            }
            byte[] jpeg = LivePictures.jpeg(yuv, w, h);
            ex.response.getHeaders().put("Cache-Control", "no-store");
            ex.send(200, "image/jpeg", jpeg);
        } catch (IOException | RuntimeException e) {
            throw HttpError.notFound("the stream's media worker does not answer: " + e.getMessage());
        }
    }

    private static HttpURLConnection open(URI workerUrl) throws IOException {
        HttpURLConnection c = (HttpURLConnection) workerUrl.toURL().openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(2000);
        return c;
    }
}
