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
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

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
     * Builds the URL of a layout page, {@code <scheme>://OPENVIDUAPP:<secret>@<host>:<port>/#/<layout>/<session>/<secret>},
     * from a base such as {@code https://127.0.0.1:8443} or {@code http://[::1]:5443}. The secret and the session
     * id are percent-encoded (every byte but letters, digits and {@code - . _ ~}), so a secret with spaces or
     * {@code @ : / # % ?} survives; {@link #parse} and the layout page decode them.
     */
    public static String build(String baseUrl, String layoutName, String shortSessionId, String secret) {
        String encodedSecret = percentEncode(secret);
        int schemeEnd = baseUrl.indexOf("://") + 3;
        return baseUrl.substring(0, schemeEnd) + USER + ":" + encodedSecret + "@" + baseUrl.substring(schemeEnd)
                + "/#/" + layoutName + "/" + percentEncode(shortSessionId) + "/" + encodedSecret;
    }

    /**
     * The URL of a 2.x CUSTOM layout page, as 2.x gives its recorder:
     * {@code <scheme>://OPENVIDUAPP:<secret>@<host>:<port>/layouts/custom/<customLayout>/index.html?sessionId=<id>&secret=<secret>}
     * ({@code customLayout} empty: {@code /layouts/custom/index.html?...}). {@link #parse} reads it as the layout
     * {@code layout-custom}.
     */
    public static String buildCustom(String baseUrl, String customLayout, String sessionId, String secret) {
        String encodedSecret = percentEncode(secret);
        int schemeEnd = baseUrl.indexOf("://") + 3;
        StringBuilder path = new StringBuilder("/layouts/custom");
        for (String segment : customLayout.split("/")) {
            if (!segment.isEmpty()) {
                path.append('/').append(percentEncode(segment));
            }
        }
        return baseUrl.substring(0, schemeEnd) + USER + ":" + encodedSecret + "@" + baseUrl.substring(schemeEnd)
                + path + "/index.html?sessionId=" + percentEncode(sessionId) + "&secret=" + encodedSecret;
    }

    /** The layout name a CUSTOM page's URL parses to. */
    public static final String CUSTOM = "layout-custom";

    private static String percentEncode(String text) {
        StringBuilder out = new StringBuilder(text.length() * 3);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** Decodes {@code %XX} escapes as UTF-8 ({@code +} stays a plus: this is a URL, not a form). */
    private static String percentDecode(String text, String what) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int lo = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("URL has a malformed %-escape in its " + what);
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
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
        // Raw components, split first and decoded after: an encoded '/' or ':' in the secret is not a separator.
        String fragment = uri.getRawFragment();
        if (fragment == null && uri.getRawPath() != null && uri.getRawPath().startsWith("/layouts/custom/")) {
            return parseCustom(uri, scheme, port);
        }
        if (fragment == null) {
            throw new IllegalArgumentException("URL has no layout fragment (#/layout-<name>/<sessionId>/<secret>)");
        }
        List<String> parts = new ArrayList<>();
        for (String p : fragment.split("/")) if (!p.isEmpty()) parts.add(p);
        if (parts.size() < 2 || !parts.get(0).startsWith("layout-")) {
            throw new IllegalArgumentException("URL fragment must be /layout-<name>/<sessionId>/<secret>");
        }
        String user = USER;
        String password = parts.size() >= 3 ? percentDecode(parts.get(2), "fragment") : null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                user = percentDecode(userInfo.substring(0, colon), "user info");
                password = percentDecode(userInfo.substring(colon + 1), "user info");
            } else {
                user = percentDecode(userInfo, "user info");
            }
        }
        if (password == null) throw new IllegalArgumentException("URL carries no secret");
        return new LayoutUrl(scheme, uri.getHost(), port, parts.get(0), percentDecode(parts.get(1), "fragment"), user, password);
    }

    /** A 2.x CUSTOM page's URL: the session and the secret are in the query, the user info may repeat the secret. */
    private static LayoutUrl parseCustom(URI uri, String scheme, int port) {
        String sessionId = null;
        String password = null;
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith("sessionId=")) {
                sessionId = percentDecode(pair.substring("sessionId=".length()), "query");
            } else if (pair.startsWith("secret=")) {
                password = percentDecode(pair.substring("secret=".length()), "query");
            }
        }
        if (sessionId == null || sessionId.isEmpty()) {
            throw new IllegalArgumentException("URL of a custom layout has no sessionId in its query");
        }
        String user = USER;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && userInfo.indexOf(':') >= 0) {
            user = percentDecode(userInfo.substring(0, userInfo.indexOf(':')), "user info");
            password = percentDecode(userInfo.substring(userInfo.indexOf(':') + 1), "user info");
        }
        if (password == null) throw new IllegalArgumentException("URL carries no secret");
        return new LayoutUrl(scheme, uri.getHost(), port, CUSTOM, sessionId, user, password);
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

    /** {@code user:password}, unencoded: what a URI's user info holds. */
    String userInfo() {
        return user + ":" + password;
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
