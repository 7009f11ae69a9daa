package dev.ovstub.server.internal.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's scripts and style sheet, {@code GET /dashboard/<file>}: plain files checked into the jar (no
 * build step, nothing fetched at run time), read once, behind the same Basic auth as the API. The page itself is
 * {@code /} (see {@link LayoutPage}). Only the files named here are served: a name is a key, never a path.
 */
final class DashboardAssets {
    private static final String FOLDER = "/dev/ovstub/server/dashboard/";
    private static final Map<String, String> TYPES = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "api.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8");

    private final Map<String, byte[]> files = new LinkedHashMap<>();

    DashboardAssets() {
        for (String name : TYPES.keySet()) {
            try (InputStream in = DashboardAssets.class.getResourceAsStream(FOLDER + name)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard resource " + name + " missing from the jar");
                }
                files.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    void register(Router router) {
        router.add("GET", "/dashboard/([^/]+)", this::serve);
    }

    private void serve(Exchange ex) {
        String name = ex.pathParam(1);
        byte[] bytes = files.get(name);
        if (bytes == null) {
            throw HttpError.notFound("no dashboard file " + name);
        }
        // Small files: always asked again, so an upgraded server never runs with an old script.
        ex.response.getHeaders().put("Cache-Control", "no-cache");
        ex.response.getHeaders().put("X-Content-Type-Options", "nosniff");
        ex.send(200, TYPES.get(name), bytes);
    }
}
