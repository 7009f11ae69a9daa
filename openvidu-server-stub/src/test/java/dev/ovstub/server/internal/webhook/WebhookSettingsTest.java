package dev.ovstub.server.internal.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.server.internal.config.ConfigException;
import dev.ovstub.server.internal.config.PropertySource;
import dev.ovstub.server.internal.config.ServerConfig;
import dev.ovstub.server.internal.config.ServerConfig.WebhookProperties;
import dev.ovstub.server.internal.webhook.WebhookSettings.Header;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link WebhookSettings}: OpenVidu 2.x's four webhook properties, their defaults and clear errors at start-up. */
class WebhookSettingsTest {

    private static WebhookSettings settings(String enabled, String endpoint, String headers, String events) {
        return WebhookSettings.parse(new WebhookProperties(enabled, endpoint, headers, events));
    }

    private static WebhookSettings fromSystemProperties(Map<String, String> sysprops) {
        return WebhookSettings.from(ServerConfig.from(new PropertySource(sysprops, Map.of())));
    }

    @Test
    void theWebhookIsOffUnlessOpenviduWebhookIsTrue() {
        assertThat(fromSystemProperties(Map.of())).isEqualTo(WebhookSettings.DISABLED);
        assertThat(settings("false", "http://localhost:1/x", null, null).enabled()).isFalse();
        assertThat(WebhookSettings.DISABLED.sends(EventName.SESSION_CREATED)).isFalse();
    }

    @Test
    void theOtherPropertiesAreNotCheckedWhileTheWebhookIsOffAsInOpenVidu() {
        assertThat(settings("false", "not a url", "not json", "[\"nope\"]")).isEqualTo(WebhookSettings.DISABLED);
    }

    @Test
    void anEnabledWebhookSendsEveryEventWithNoHeadersByDefault() {
        WebhookSettings s = fromSystemProperties(Map.of("openvidu.webhook", "true",
                "openvidu.webhook.endpoint", "http://localhost:5000/my_webhook"));

        assertThat(s.enabled()).isTrue();
        assertThat(s.endpoint()).isEqualTo(URI.create("http://localhost:5000/my_webhook"));
        assertThat(s.headers()).isEmpty();
        assertThat(s.events()).isEqualTo(EnumSet.allOf(EventName.class));
    }

    @Test
    void theDefaultEventsAreOpenVidusWholeCatalogueInItsOrder() {
        assertThat(EventName.wireNames()).containsExactly("sessionCreated", "sessionDestroyed", "participantJoined",
                "participantLeft", "webrtcConnectionCreated", "webrtcConnectionDestroyed", "recordingStatusChanged",
                "filterEventDispatched", "signalSent", "mediaNodeStatusChanged", "autoscaling", "nodeCrashed",
                "nodeRecovered", "broadcastStarted", "broadcastStopped");
    }

    @Test
    void theSettingsAreReadFromUpperSnakeEnvironmentVariablesAsOpenViduDocumentsThem() {
        WebhookSettings s = WebhookSettings.from(ServerConfig.from(new PropertySource(Map.of(), Map.of(
                "OPENVIDU_WEBHOOK", "true",
                "OPENVIDU_WEBHOOK_ENDPOINT", "http://12.34.56.78:5000/my_webhook",
                "OPENVIDU_WEBHOOK_HEADERS", "[\"Authorization: Basic T1BFTlZJRFVBUFA6TVlfU0VDUkVU\"]",
                "OPENVIDU_WEBHOOK_EVENTS", "[\"sessionCreated\",\"sessionDestroyed\",\"recordingStatusChanged\"]"))));

        assertThat(s.endpoint()).isEqualTo(URI.create("http://12.34.56.78:5000/my_webhook"));
        assertThat(s.headers()).containsExactly(new Header("Authorization", "Basic T1BFTlZJRFVBUFA6TVlfU0VDUkVU"));
        assertThat(s.events()).containsExactlyInAnyOrder(EventName.SESSION_CREATED, EventName.SESSION_DESTROYED,
                EventName.RECORDING_STATUS_CHANGED);
        assertThat(s.sends(EventName.PARTICIPANT_JOINED)).isFalse();
        assertThat(s.sends(EventName.RECORDING_STATUS_CHANGED)).isTrue();
    }

    @Test
    void anEnabledWebhookWithoutAnEndpointFailsNamingTheEndpointProperty() {
        assertThatThrownBy(() -> fromSystemProperties(Map.of("openvidu.webhook", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("openvidu.webhook.endpoint: required when openvidu.webhook is true");
        assertThatThrownBy(() -> settings("true", "  ", null, null))
                .hasMessageStartingWith("openvidu.webhook.endpoint: required");
    }

    @Test
    void aValueOtherThanTrueOrFalseFailsNamingOpenviduWebhook() {
        assertThatThrownBy(() -> settings("yes", "http://localhost/x", null, null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("openvidu.webhook: expected 'true' or 'false' but was 'yes'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://user:s3cr3t@host/x", "localhost:5000/webhook", "http:///nohost?token=s3cr3t", "http://bad host/"})
    void anEndpointThatIsNotAnHttpUrlWithAHostFailsWithoutQuotingIt(String endpoint) {
        assertThatThrownBy(() -> settings("true", endpoint, null, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("openvidu.webhook.endpoint: expected an http(s) URL with a host")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void headersAreSplitAtTheFirstColonAndSpace() {
        WebhookSettings s = settings("true", "https://example.org/hook", """
                [ "Authorization: Bearer abc", "X-Trace: a: b" , "X-Quoted: \\"q\\" \\u00e9" ]""", "[]");

        assertThat(s.headers()).containsExactly(new Header("Authorization", "Bearer abc"), new Header("X-Trace", "a: b"),
                new Header("X-Quoted", "\"q\" é"));
        assertThat(s.events()).as("an empty list sends nothing").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[\"X-Ok: 1\", \"Authorization Bearer s3cr3t\"]",
        "[\"X-Ok: 1\", \": s3cr3t\"]",
        "[\"X-Ok: 1\", \"Authorization: \"]",
        "[\"X-Ok: 1\", \"Authorization:s3cr3t\"]",
    })
    void aHeaderWithoutANameOrAValueFailsNamingTheEntryButNotItsValue(String headers) {
        assertThatThrownBy(() -> settings("true", "http://localhost/x", headers, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("openvidu.webhook.headers: entry 2 of 2 (")
                .hasMessageContaining("is not \"Name: value\"")
                .hasMessageNotContaining("s3cr3t");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization: Basic s3cr3t", "[\"Authorization: Basic s3cr3t\"", "[1]", "{\"a\": \"b\"}",
        "[\"a: b\"] x"})
    void headersThatAreNotAJsonArrayOfStringsFailWithoutQuotingThem(String headers) {
        assertThatThrownBy(() -> settings("true", "http://localhost/x", headers, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("openvidu.webhook.headers: expected a JSON array of \"Name: value\" strings")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void aHeaderTheHttpClientSetsItselfOrAnInvalidNameIsRefused() {
        assertThatThrownBy(() -> settings("true", "http://localhost/x", "[\"Host: example.org\"]", null))
                .hasMessage("openvidu.webhook.headers: entry 1 of 1 sets 'Host', which the HTTP client sets itself;"
                        + " it cannot be configured");
        assertThatThrownBy(() -> settings("true", "http://localhost/x", "[\"X Bad: v\"]", null))
                .hasMessage("openvidu.webhook.headers: entry 1 of 1 has an invalid header name 'X Bad'");
    }

    @Test
    void anUnknownEventFailsListingTheValidNames() {
        assertThatThrownBy(() -> settings("true", "http://localhost/x", null, "[\"sessionCreated\", \"recordingStarted\"]"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("openvidu.webhook.events: unknown event 'recordingStarted'; the events are "
                        + String.join(", ", EventName.wireNames()));
        assertThatThrownBy(() -> settings("true", "http://localhost/x", null, "sessionCreated"))
                .hasMessageStartingWith("openvidu.webhook.events: expected a JSON array of event names");
    }

    @Test
    void eventNamesAreCaseSensitiveAsInOpenVidu() {
        assertThatThrownBy(() -> settings("true", "http://localhost/x", null, "[\"SessionCreated\"]"))
                .hasMessageStartingWith("openvidu.webhook.events: unknown event 'SessionCreated'");
    }

    @Test
    void aHeaderAndTheSettingsNeverShowAHeaderValueWhenPrinted() {
        WebhookSettings s = settings("true", "http://user:pw@localhost:5000/hook?token=t0k", "[\"Authorization: Basic s3cr3t\"]", null);

        assertThat(s.headers().get(0)).hasToString("Authorization: ***");
        assertThat(s.toString()).contains("http://localhost:5000/hook").doesNotContain("s3cr3t", "t0k", "pw");
    }

    @Test
    void theProgrammaticFormSendsEveryEventAndCanBeNarrowed() {
        WebhookSettings s = WebhookSettings.to(URI.create("http://localhost:1/h"), new Header("X-A", "b"))
                .onlyEvents(EnumSet.of(EventName.SIGNAL_SENT));

        assertThat(s.sends(EventName.SIGNAL_SENT)).isTrue();
        assertThat(s.sends(EventName.SESSION_CREATED)).isFalse();
        assertThat(s.headers()).containsExactly(new Header("X-A", "b"));
        assertThat(List.copyOf(s.events())).containsExactly(EventName.SIGNAL_SENT);
    }
}
