package dev.ovstub.server.internal.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.QuietException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault that one request asks for itself, in the {@value #HEADER} request header, so that a backend in any
 * language can test its error handling against the runnable jar, and parallel tests never see each other's
 * faults: nothing is stored, the fault lives and dies with its request.
 *
 * <p>The value is one JSON object:
 * <ul>
 *   <li>{@code {"status": 503}}: answer this status (400 to 599) instead of handling the request, as every error
 *       answer is written (the {@code X-OpenVidu-Error} header, and the JSON error body outside {@code /api});
 *       {@code "message"} (a string) replaces the default reason;</li>
 *   <li>{@code {"drop": true}}: close the connection without any answer;</li>
 *   <li>{@code {"delayMs": 2000}}: wait that long (0 to {@value #MAX_DELAY_MS}), then handle the request normally;
 *       with {@code status} or {@code drop}, wait then fail.</li>
 * </ul>
 * With {@code status} or {@code drop} the request is never handled: nothing it asked for happens.
 *
 * <p>It is applied after the credentials are checked (an unauthenticated request never chooses its fault: a
 * request that carries the header must carry the credentials, even on a route that would not need them) and
 * before the route is looked up, so it works on every path. A value that is not such an object is a 400 naming
 * the problem. A delay holds one server thread, and ends at once when the server closes: the request is then
 * answered 503, as every request during a close.
 */
final class RequestFault {
    private static final Logger LOG = LoggerFactory.getLogger(RequestFault.class);

    /** The request header's name. */
    static final String HEADER = "X-OvStub-Fault";
    /** The longest delay one request may ask for, in milliseconds. */
    static final long MAX_DELAY_MS = 120_000;
    private static final int MAX_MESSAGE = 1_000;
    private static final List<String> FIELDS = List.of("status", "message", "drop", "delayMs");

    /** One parsed header value; {@code status} 0 when none. */
    record Spec(long delayMs, int status, String message, boolean drop) {
        /** What the fault does, in words, for the log. */
        String describe() {
            String end = drop ? "drop the connection" : status != 0 ? "answer " + status : "handle normally";
            return delayMs > 0 ? "wait " + delayMs + " ms, then " + end : end;
        }
    }

    private RequestFault() {}

    /**
     * Applies the request's fault, if it asks for one.
     *
     * @param authenticated whether the request carries the right credentials
     * @param closingAnswer answers the request as every request is answered while the server closes
     * @return true when the fault answered the request (an error status, a dropped connection, or the closing
     *         answer after a delay the close cut short); false when the request is to be handled normally
     * @throws HttpError 400 for a malformed header value, 401 for a header without credentials
     */
    static boolean answered(Exchange ex, Faults faults, boolean authenticated, Runnable closingAnswer)
            throws InterruptedException {
        List<String> values = ex.request.getHeaders().getValuesList(HEADER);
        if (values.isEmpty()) {
            return false;
        }
        if (!authenticated) {
            ex.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, BasicAuth.CHALLENGE);
            throw new HttpError(401, HEADER + ": a request that asks for a fault must carry the credentials "
                    + "(Basic auth with user OPENVIDUAPP and the server secret)");
        }
        if (values.size() > 1) {
            throw HttpError.badRequest(HEADER + ": given " + values.size() + " times; give it once");
        }
        Spec spec = parse(values.get(0));
        String method = ex.request.getMethod();
        String path = ex.request.getHttpURI().getPath();
        LOG.info("Fault injected by the {} header: {} {}: {}", HEADER, method, path, spec.describe());
        if (spec.delayMs > 0) {
            // The connection's idle timeout (60 s) would otherwise fire during a long delay and fail the request
            // (its body could no longer be read): ignored while the request waits, as it is meant to.
            AtomicBoolean waiting = new AtomicBoolean(true);
            ex.request.addIdleTimeoutListener(timeout -> !waiting.get());
            try {
                faults.pause(spec.delayMs);
            } finally {
                waiting.set(false);
            }
            if (faults.closing()) {
                closingAnswer.run();
                return true;
            }
        }
        if (spec.drop) {
            drop(ex);
            return true;
        }
        if (spec.status != 0) {
            ex.sendError(spec.status, spec.message != null ? spec.message
                    : "injected fault: HTTP " + spec.status + ", asked by the " + HEADER + " header");
            return true;
        }
        return false;
    }

    /** Closes the connection with no answer at all: the client sees it end before any status line. */
    private static void drop(Exchange ex) {
        ex.markAnswered();
        ex.request.getConnectionMetaData().getConnection().getEndPoint().close();
        ex.callback.failed(new DroppedException());
    }

    /**
     * Ends a dropped request's handling; its answer can no longer be written. Quiet: Jetty logs it at debug level
     * only, since the drop was asked for.
     */
    private static final class DroppedException extends Exception implements QuietException {
        private static final long serialVersionUID = 1L;

        DroppedException() {
            super("connection dropped by the " + HEADER + " header", null, false, false);
        }
    }

    /** Parses a header value; anything but a valid fault object is a 400 naming the problem. */
    static Spec parse(String value) {
        Object parsed;
        try {
            parsed = Json.parse(value);
        } catch (Json.MalformedException e) {
            throw bad("not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw bad("expected a JSON object such as {\"status\": 503}, {\"drop\": true} or {\"delayMs\": 2000} "
                    + "but got " + Json.kind(parsed));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) parsed;
        for (String field : object.keySet()) {
            if (!FIELDS.contains(field)) {
                throw bad("unknown field '" + field + "' (known: " + String.join(", ", FIELDS) + ")");
            }
        }
        long delay = integer(object, "delayMs", 0, MAX_DELAY_MS);
        int status = (int) integer(object, "status", 400, 599);
        boolean drop = false;
        Object d = object.get("drop");
        if (d != null && d != Json.NULL) {
            if (!(d instanceof Boolean)) {
                throw bad("drop: expected true or false but got " + Json.write(d));
            }
            drop = (Boolean) d;
        }
        String message = null;
        Object m = object.get("message");
        if (m != null && m != Json.NULL) {
            if (!(m instanceof String)) {
                throw bad("message: expected a string but got " + Json.kind(m));
            }
            message = (String) m;
            if (message.length() > MAX_MESSAGE) {
                throw bad("message: longer than " + MAX_MESSAGE + " characters");
            }
        }
        if (status != 0 && drop) {
            throw bad("status, drop: give one, not both");
        }
        if (message != null && status == 0) {
            throw bad("message: only with a status");
        }
        if (status == 0 && !drop && !object.containsKey("delayMs")) {
            throw bad("no fault asked: give status, drop or delayMs");
        }
        return new Spec(delay, status, message, drop);
    }

    /** An optional whole number field within bounds; 0 when absent. */
    private static long integer(Map<String, Object> object, String field, long min, long max) {
        try {
            return Exchange.optionalWholeNumber(object, field, min, max, 0);
        } catch (HttpError e) {
            throw bad(e.getMessage());
        }
    }

    private static HttpError bad(String problem) {
        return HttpError.badRequest(HEADER + ": " + problem);
    }
}
