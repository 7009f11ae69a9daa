package dev.ovstub.server.internal.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recorder's URL: built with any secret percent-encoded, parsed back to the same credentials. */
class LayoutUrlTest {
    private static final List<String> SECRETS = List.of("MY_SECRET", "a b@c:d/e#f%g?h", "plus+sign", "%41 is not A",
            "sé crèt €", "trailing/", "x:y:z", "a%2Fb", "[]!$&'()*,;=~");

    private static String basic(String secret) {
        return "Basic " + Base64.getEncoder().encodeToString(("OPENVIDUAPP:" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anySecretSurvivesBuildingAndParsingTheUrl() {
        for (String secret : SECRETS) {
            String url = LayoutUrl.build("https://127.0.0.1:8443", "layout-best-fit", "abcdefgh12345678", secret);

            LayoutUrl parsed = LayoutUrl.parse(url);

            assertThat(parsed.authorizationHeader()).as("%s -> %s", secret, url).isEqualTo(basic(secret));
            assertThat(parsed.shortSessionId()).as(url).isEqualTo("abcdefgh12345678");
            assertThat(parsed.layoutName()).as(url).isEqualTo("layout-best-fit");
            assertThat(parsed.stateUri()).as(url).hasToString("https://127.0.0.1:8443/stub/layout/abcdefgh12345678");
            assertThat(parsed.toString()).as(url).doesNotContain(secret);
        }
    }

    @Test
    void theSecretIsPercentEncodedAsInAUrlNotAsInAForm() {
        String url = LayoutUrl.build("http://127.0.0.1:5443", "layout-best-fit", "room", "a b@c:d/e#f%g?h");

        assertThat(url).isEqualTo("http://OPENVIDUAPP:a%20b%40c%3Ad%2Fe%23f%25g%3Fh@127.0.0.1:5443"
                + "/#/layout-best-fit/room/a%20b%40c%3Ad%2Fe%23f%25g%3Fh");
    }

    @Test
    void theSecretInTheFragmentAloneIsDecodedToo() {
        LayoutUrl parsed = LayoutUrl.parse("http://127.0.0.1:5443/#/layout-best-fit/room/a%20b%40c%3Ad%2Fe%23f%25g%3Fh");

        assertThat(parsed.authorizationHeader()).isEqualTo(basic("a b@c:d/e#f%g?h"));
        assertThat(parsed.shortSessionId()).isEqualTo("room");
    }

    @Test
    void anIpv6BaseKeepsItsBrackets() {
        LayoutUrl parsed = LayoutUrl.parse(LayoutUrl.build("http://[::1]:5443", "layout-best-fit", "room", "s e"));

        assertThat(parsed.stateUri()).hasToString("http://[::1]:5443/stub/layout/room");
        assertThat(parsed.authorizationHeader()).isEqualTo(basic("s e"));
    }
}
