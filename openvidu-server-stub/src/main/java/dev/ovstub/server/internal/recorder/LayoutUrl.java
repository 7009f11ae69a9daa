package dev.ovstub.server.internal.recorder;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The recorder's {@code URL}: the layout page of a session, with credentials, e.g.
 * {@code https://OPENVIDUAPP:<secret>@host:8443/#/layout-best-fit/<shortSessionId>/<secret>}.
 * Knows where the layout state is ({@link #stateUri()}) and how to authenticate; never shows the
 * secret in {@link #toString()}.
 */
public final class LayoutUrl {
    private static final String USER = "OPENVIDUAPP";

    private final String scheme;
    private final String host;
    private final int port;
    private final String layoutName;
    private final String shortSessionId;
    private final String user;
    private final String password;

    private LayoutUrl(String scheme, String host, int port, String layoutName, String shortSessionId,
                      String user, String password) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.layoutName = layoutName;
        this.shortSessionId = shortSessionId;
        this.user = user;
        this.password = password;
    }

    /**
     * Parses the URL. The password is the one in the user info if there is one, else the secret
     * at the end of the fragment; the user is {@code OPENVIDUAPP} unless the user info names one.
     *
     * @throws IllegalArgumentException with a message saying what is wrong (never quoting the secret)
     */
    public static LayoutUrl parse(String url) {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("URL is empty");
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("URL is not a valid URI (at index " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("URL must be http or https, not '" + scheme + "'");
        }
        if (uri.getHost() == null) throw new IllegalArgumentException("URL has no host");
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String fragment = uri.getFragment();
        if (fragment == null) {
            throw new IllegalArgumentException("URL has no layout fragment (#/layout-<name>/<sessionId>/<secret>)");
        }
        List<String> parts = new ArrayList<>();
        for (String p : fragment.split("/")) if (!p.isEmpty()) parts.add(p);
        if (parts.size() < 2 || !parts.get(0).startsWith("layout-")) {
            throw new IllegalArgumentException("URL fragment must be /layout-<name>/<sessionId>/<secret>");
        }
        String user = USER;
        String password = parts.size() >= 3 ? parts.get(2) : null;
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                user = userInfo.substring(0, colon);
                password = userInfo.substring(colon + 1);
            } else {
                user = userInfo;
            }
        }
        if (password == null) throw new IllegalArgumentException("URL carries no secret");
        return new LayoutUrl(scheme, uri.getHost(), port, parts.get(0), parts.get(1), user, password);
    }

    /** {@code <scheme>://<host>:<port>/stub/layout/<shortSessionId>}. */
    public URI stateUri() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create(scheme + "://" + h + ":" + port + "/stub/layout/" + shortSessionId);
    }

    /** Value of the {@code Authorization} header: Basic auth with the URL's credentials. */
    public String authorizationHeader() {
        String token = user + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isHttps() {
        return scheme.equals("https");
    }

    public String shortSessionId() {
        return shortSessionId;
    }

    public String layoutName() {
        return layoutName;
    }

    /** The URL without credentials, for logs. */
    @Override
    public String toString() {
        return scheme + "://" + host + ":" + port + "/#/" + layoutName + "/" + shortSessionId + "/***";
    }
}
