package dev.ovstub.server.internal.recording.runtime;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hides the server secret in a recorder's output. The recorder's {@code URL} carries the secret (OpenVidu 1.8's
 * contract: {@code https://OPENVIDUAPP:<secret>@host:port/#/layout-best-fit/<id>/<secret>}), and an image may
 * print it in any form: as given, decoded, re-encoded, JSON-escaped, or as the Basic credentials it sends. Every
 * such form is replaced by {@value #MASK}. Every runtime passes its recorders' output through one before it
 * reaches the server log.
 */
public final class SecretMask {
    public static final String MASK = "***";
    private static final String USER = "OPENVIDUAPP";

    /** The forms to hide, longest first (so that a form containing another is replaced whole). */
    private final List<String> forms;

    private SecretMask(List<String> forms) {
        this.forms = forms;
    }

    /**
     * The mask for a recorder's {@code URL}: the secret is the password of its user info and the last segment of
     * its fragment, as given there (encoded) and decoded. A URL carrying no secret masks nothing.
     */
    public static SecretMask of(String layoutUrl) {
        Set<String> secretsAsGiven = new LinkedHashSet<>();
        if (layoutUrl != null) {
            String password = userInfoPassword(layoutUrl);
            if (password != null) {
                secretsAsGiven.add(password);
            }
            int fragment = layoutUrl.indexOf("#/layout-");
            if (fragment >= 0) {
                // #/layout-<name>/<sessionId>/<secret>: the secret is all after the third slash
                String f = layoutUrl.substring(fragment + 2);
                int first = f.indexOf('/');
                int second = first < 0 ? -1 : f.indexOf('/', first + 1);
                if (second >= 0) {
                    secretsAsGiven.add(f.substring(second + 1));
                }
            }
        }
        Set<String> forms = new LinkedHashSet<>();
        for (String given : secretsAsGiven) {
            forms.add(given);
            forms.add(lowerCaseEscapes(given));
            String decoded = decode(given);
            forms.add(decoded);
            String form = URLEncoder.encode(decoded, StandardCharsets.UTF_8);
            String percent = form.replace("+", "%20");
            forms.add(form);
            forms.add(percent);
            forms.add(lowerCaseEscapes(form));
            forms.add(lowerCaseEscapes(percent));
            forms.add(decoded.replace("\\", "\\\\").replace("\"", "\\\""));
            forms.add(Base64.getEncoder().encodeToString((USER + ":" + decoded).getBytes(StandardCharsets.UTF_8)));
        }
        List<String> sorted = new ArrayList<>();
        for (String f : forms) {
            if (!f.isEmpty()) {
                sorted.add(f);
            }
        }
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretMask(List.copyOf(sorted));
    }

    /** {@code line} with every form of the secret replaced by {@value #MASK}. */
    public String apply(String line) {
        String masked = line;
        for (String form : forms) {
            if (masked.contains(form)) {
                masked = masked.replace(form, MASK);
            }
        }
        return masked;
    }

    /** The password of {@code scheme://user:password@host...}, as written there; null if none. */
    private static String userInfoPassword(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        int start = scheme + 3;
        // The authority ends where the path or fragment begins; the user info before its last '@'.
        int end = url.indexOf("/#/", start);
        if (end < 0) {
            end = url.length();
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at < start) {
            return null;
        }
        String userInfo = url.substring(start, at);
        int colon = userInfo.indexOf(':');
        return colon < 0 ? null : userInfo.substring(colon + 1);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoded) {
            return s;
        }
    }

    /** {@code %2F} as {@code %2f}: both are valid escapes. */
    private static String lowerCaseEscapes(String s) {
        StringBuilder b = new StringBuilder(s);
        for (int i = b.indexOf("%"); i >= 0 && i + 2 < b.length(); i = b.indexOf("%", i + 1)) {
            b.replace(i + 1, i + 3, b.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
        }
        return b.toString();
    }
}
