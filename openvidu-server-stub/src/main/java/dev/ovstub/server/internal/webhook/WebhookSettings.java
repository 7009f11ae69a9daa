package dev.ovstub.server.internal.webhook;

import dev.ovstub.server.internal.config.ConfigException;
import dev.ovstub.server.internal.config.ServerConfig;
import dev.ovstub.server.internal.config.ServerConfig.WebhookProperties;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The webhook of OpenVidu 2.x (wire contract 2.x §8.1): whether it is on, where events go, the headers sent with
 * them and which events are sent.
 *
 * <p>Read from {@code openvidu.webhook} (default false), {@code openvidu.webhook.endpoint} (an http(s) URL, required
 * when on), {@code openvidu.webhook.headers} (a JSON array of {@code "Name: value"} strings, default {@code []}) and
 * {@code openvidu.webhook.events} (a JSON array of event names, default every name of {@link EventName}). As in
 * OpenVidu, the other three are read and checked only when the webhook is on; a bad value is a {@link ConfigException}
 * naming the property (and the entry), never quoting a header's value, which may carry a token.
 *
 * @param enabled  whether events are sent
 * @param endpoint where they are POSTed; null when off
 * @param headers  sent with every event, in order
 * @param events   the events sent; others are dropped
 */
public record WebhookSettings(boolean enabled, URI endpoint, List<Header> headers, Set<EventName> events) {
    /** Off: nothing is sent, nothing is loaded. */
    public static final WebhookSettings DISABLED = new WebhookSettings(false, null, List.of(), Set.of());

    /** Headers the HTTP client sets itself and refuses to take from a caller. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

    public WebhookSettings {
        headers = List.copyOf(headers);
        events = events.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(events));
        if (enabled) {
            Objects.requireNonNull(endpoint, "endpoint");
        }
    }

    /** On, sending every event to {@code endpoint} with {@code headers}. */
    public static WebhookSettings to(URI endpoint, Header... headers) {
        return new WebhookSettings(true, checkEndpoint(endpoint.toString()), List.of(headers), EnumSet.allOf(EventName.class));
    }

    /** The same settings sending only {@code events}. */
    public WebhookSettings onlyEvents(Set<EventName> events) {
        return new WebhookSettings(enabled, endpoint, headers, events);
    }

    /** Whether {@code event} is one that is sent. */
    public boolean sends(EventName event) {
        return enabled && events.contains(event);
    }

    /** Reads the settings from the server's configuration; a {@link ConfigException} naming the property if bad. */
    public static WebhookSettings from(ServerConfig config) {
        return parse(config.webhook());
    }

    /** Reads the raw values (null: absent); a {@link ConfigException} naming the property if bad. */
    public static WebhookSettings parse(WebhookProperties raw) {
        if (raw.enabled() == null || raw.enabled().isBlank() || !parseEnabled(raw.enabled().trim())) {
            return DISABLED;
        }
        String endpoint = raw.endpoint() == null ? "" : raw.endpoint().trim();
        if (endpoint.isEmpty()) {
            throw new ConfigException(WebhookProperties.ENDPOINT + ": required when " + WebhookProperties.ENABLED
                    + " is true (the http(s) URL that receives the events)");
        }
        return new WebhookSettings(true, checkEndpoint(endpoint), parseHeaders(raw.headers()), parseEvents(raw.events()));
    }

    private static boolean parseEnabled(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default: throw new ConfigException(WebhookProperties.ENABLED + ": expected 'true' or 'false' but was '" + value + "'");
        }
    }

    private static URI checkEndpoint(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        // The URL may carry credentials (user info, a token in the query): only its shape is named.
        throw new ConfigException(WebhookProperties.ENDPOINT
                + ": expected an http(s) URL with a host, such as http://localhost:5000/webhook");
    }

    private static List<Header> parseHeaders(String raw) {
        String property = WebhookProperties.HEADERS;
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<String> entries;
        try {
            entries = JsonStrings.parseArray(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(property + ": expected a JSON array of \"Name: value\" strings, such as"
                    + " [\"Authorization: Basic T1BFTlZJRFVBUFA6TVlfU0VDUkVU\"]: " + e.getMessage());
        }
        List<Header> headers = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            String which = "entry " + (i + 1) + " of " + entries.size();
            int colon = entry.indexOf(": ");
            String name = colon < 0 ? "" : entry.substring(0, colon).trim();
            String value = colon < 0 ? "" : entry.substring(colon + 2).trim();
            if (colon < 0 || name.isEmpty() || value.isEmpty()) {
                throw new ConfigException(property + ": " + which + " (" + describe(entry)
                        + ") is not \"Name: value\" with a name and a value, separated by ': '");
            }
            if (!isToken(name)) {
                throw new ConfigException(property + ": " + which + " has an invalid header name '" + name + "'");
            }
            if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new ConfigException(property + ": " + which + " sets '" + name
                        + "', which the HTTP client sets itself; it cannot be configured");
            }
            if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new ConfigException(property + ": " + which + " ('" + name + "') has a control character in its value");
            }
            headers.add(new Header(name, value));
        }
        return headers;
    }

    private static Set<EventName> parseEvents(String raw) {
        String property = WebhookProperties.EVENTS;
        if (raw == null || raw.isBlank()) {
            return EnumSet.allOf(EventName.class);
        }
        List<String> names;
        try {
            names = JsonStrings.parseArray(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(property + ": expected a JSON array of event names, such as"
                    + " [\"sessionCreated\",\"recordingStatusChanged\"]: " + e.getMessage());
        }
        Set<EventName> events = EnumSet.noneOf(EventName.class);
        for (String name : names) {
            EventName event = EventName.ofWireName(name.trim());
            if (event == null) {
                throw new ConfigException(property + ": unknown event '" + name + "'; the events are "
                        + String.join(", ", EventName.wireNames()));
            }
            events.add(event);
        }
        return events;
    }

    /** An entry without its value: its beginning up to the first space or colon, for an error message. */
    private static String describe(String entry) {
        if (entry.isEmpty()) {
            return "empty";
        }
        int end = 0;
        while (end < entry.length() && end < 40 && entry.charAt(end) != ' ' && entry.charAt(end) != ':') {
            end++;
        }
        if (end == 0) {
            return "starting with '" + entry.charAt(0) + "'";
        }
        return "starting '" + entry.substring(0, end) + "'";
    }

    private static boolean isToken(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * One configured header. {@link #toString()} hides the value: headers often carry credentials.
     *
     * @param name  the header's name
     * @param value its value, sent as is
     */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return name + ": ***";
        }
    }

    @Override
    public String toString() {
        return enabled ? "webhook to " + WebhookSender.describe(endpoint) + " (headers " + headers + ", events " + events + ")"
                : "webhook off";
    }
}
