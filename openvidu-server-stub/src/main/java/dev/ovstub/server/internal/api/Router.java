package dev.ovstub.server.internal.api;

import dev.ovstub.server.internal.recording.RecordingException;
import dev.ovstub.server.internal.session.SessionException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP entry point: matches method and path to a route, checks Basic auth, and turns every refusal into a
 * JSON error with the right status. Routes only translate between HTTP and the session and recording layers.
 */
public final class Router extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** Whether a request to a route must carry the credentials. */
    enum Access { AUTHENTICATED, PUBLIC_IF_FREE_ACCESS, PUBLIC }

    @FunctionalInterface
    interface Action {
        void handle(Exchange exchange) throws Exception;
    }

    private record Route(String method, Pattern path, Access access, Action action) {}

    private final List<Route> routes = new ArrayList<>();
    private final BasicAuth auth;
    private final boolean freeAccess;
    private final Faults faults;
    private volatile boolean closing;
    /** Calls of {@link #handle} in progress; guarded by itself. */
    private final int[] handling = new int[1];

    Router(String secret, boolean freeAccess, Faults faults) {
        this.auth = new BasicAuth(secret);
        this.freeAccess = freeAccess;
        this.faults = faults;
    }

    void add(String method, String pathRegex, Action action) {
        routes.add(new Route(method, Pattern.compile(pathRegex), Access.AUTHENTICATED, action));
    }

    void add(String method, String pathRegex, Access access, Action action) {
        routes.add(new Route(method, Pattern.compile(pathRegex), access, action));
    }

    /**
     * From now on every request, new or waiting on an injected delay, is answered {@code 503} with
     * {@code Connection: close}, so that no caller waits on a server that is going away. Then waits, at most
     * {@code drainBound}, for the requests being handled to be answered (a stop waiting on its recorder, say), so
     * that stopping the connector does not cut them off.
     */
    void close(java.time.Duration drainBound) throws InterruptedException {
        closing = true;
        faults.wakeUpForClose();
        long deadline = System.nanoTime() + drainBound.toNanos();
        synchronized (handling) {
            long left;
            while (handling[0] > 0 && (left = deadline - System.nanoTime()) > 0) {
                handling.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private static final String CLOSING = "the server is closing";

    /** 12 random hex digits naming one unexpected failure in both the answer and the server log. */
    private static String incidentId() {
        return String.format("%012x", java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFF_FFFFL);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        synchronized (handling) {
            handling[0]++;
        }
        try {
            route(request, response, callback);
        } finally {
            synchronized (handling) {
                if (--handling[0] == 0) {
                    handling.notifyAll();
                }
            }
        }
        return true;
    }

    private void route(Request request, Response response, Callback callback) {
        long t0 = System.nanoTime();
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        Route match = null;
        Matcher matcher = null;
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            Matcher m = r.path.matcher(path);
            if (m.matches()) {
                allowed.add(r.method);
                if (r.method.equals(method) || ("HEAD".equals(method) && "GET".equals(r.method) && match == null)) {
                    if (match == null || r.method.equals(method)) {
                        match = r;
                        matcher = m;
                    }
                }
            }
        }
        Exchange ex = new Exchange(request, response, callback, matcher);
        try {
            boolean authenticated = auth.accepts(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            boolean publicRoute = match != null
                    && (match.access == Access.PUBLIC || (match.access == Access.PUBLIC_IF_FREE_ACCESS && freeAccess));
            if (closing) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                ex.sendError(503, CLOSING);
            } else if (!authenticated && !publicRoute) {
                // Before anything else, even 404s: an unauthenticated caller learns nothing about routes.
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, BasicAuth.CHALLENGE);
                ex.sendError(401, "missing or wrong credentials: use Basic auth with user OPENVIDUAPP and the server secret");
            } else if (RequestFault.answered(ex, faults, authenticated, () -> {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                ex.sendError(503, CLOSING);
            })) {
                // The request's X-OvStub-Fault header answered it (or dropped it): it is not handled.
            } else if (match == null && allowed.isEmpty()) {
                ex.sendError(404, "no such endpoint: " + method + " " + path);
            } else if (match == null) {
                response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", allowed));
                ex.sendError(405, method + " is not supported on " + path + " (allowed: " + String.join(", ", allowed) + ")");
            } else {
                faults.delayIfAsked(method, path);
                if (closing) {
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                    ex.sendError(503, CLOSING);
                } else {
                    match.action.handle(ex);
                }
            }
        } catch (HttpError e) {
            ex.sendError(e.status, e.getMessage());
        } catch (SessionException e) {
            ex.sendError(e.reason().httpStatus(), e.getMessage());
        } catch (RecordingException e) {
            ex.sendError(e.reason().httpStatus(), e.getMessage());
        } catch (Exception e) {
            // The details (exception, message, stack) go to the server log only, under an incident id the
            // answer names: an exception's text can carry paths, values or secrets no caller should see.
            String incident = incidentId();
            LOG.error("{} {} failed (incident {})", method, path, incident, e);
            if (!ex.answered()) {
                ex.sendError(500, "internal error (incident " + incident + ", details in the server log)");
            } else {
                callback.failed(e);
            }
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} -> {} in {} ms", method, path, response.getStatus(), (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
