package dev.ovstub.server.internal.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The page at {@code /}, which is two pages told apart by the URL's fragment, as in OpenVidu 1.8 (the server never
 * sees the fragment):
 * <ul>
 *   <li>{@code /#/layout-best-fit/<session>/<secret>}: the page a recording container's browser opens. It draws
 *       the same BEST_FIT grid of synthetic cameras as our recorder, from {@code /stub/layout/<session>}, so that
 *       the official {@code openvidu/openvidu-recording} image records a meaningful video of this server. Its
 *       code is inline: it loads nothing else.</li>
 *   <li>anything else: the dashboard, whose scripts and style sheet are {@link DashboardAssets}.</li>
 * </ul>
 */
final class LayoutPage {
    private final byte[] html;

    LayoutPage() {
        try (InputStream in = LayoutPage.class.getResourceAsStream("/dev/ovstub/server/layout/index.html")) {
            if (in == null) {
                throw new IllegalStateException("layout page resource missing from the jar");
            }
            html = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void register(Router router) {
        router.add("GET", "/", this::serve);
        router.add("GET", "/index.html", this::serve);
    }

    private void serve(Exchange ex) {
        ex.response.getHeaders().put("Cache-Control", "no-store");
        ex.send(200, "text/html; charset=utf-8", html);
    }
}
