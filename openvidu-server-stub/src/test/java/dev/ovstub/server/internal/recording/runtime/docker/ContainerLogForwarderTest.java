package dev.ovstub.server.internal.recording.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.ovstub.server.internal.recording.runtime.SecretMask;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A recorder container's output on its way to our log: the server secret never gets through, in any form. */
class ContainerLogForwarderTest {
    /** Space, reserved and non-ASCII characters, a quote and a backslash: every encoding differs from the raw form. */
    private static final String SECRET = "s3cr3t p@ss/ü+&:=?#%\"\\";
    private static final String FORM = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
    private static final String PERCENT = FORM.replace("+", "%20");

    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** The layout URL as the server builds it: the secret form-encoded ({@code +} for space) or percent-encoded. */
    private static String layoutUrl(String encodedSecret) {
        return "https://OPENVIDUAPP:" + encodedSecret + "@127.0.0.1:4443/#/layout-best-fit/ses_abc/" + encodedSecret;
    }

    private ContainerLogForwarder forwarder(String layoutUrl) {
        return new ContainerLogForwarder("ses_abc", SecretMask.of(layoutUrl), (id, line) -> lines.add(line));
    }

    private static Frame out(String text) {
        return new Frame(StreamType.STDOUT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every form of the secret an image could plausibly print. */
    private static List<String> forms() {
        return List.of(SECRET, FORM, PERCENT, lowerHex(PERCENT), lowerHex(FORM),
                SECRET.replace("\\", "\\\\").replace("\"", "\\\""),
                Base64.getEncoder().encodeToString(("OPENVIDUAPP:" + SECRET).getBytes(StandardCharsets.UTF_8)));
    }

    private static String lowerHex(String encoded) {
        StringBuilder b = new StringBuilder(encoded);
        for (int i = b.indexOf("%"); i >= 0; i = b.indexOf("%", i + 1)) {
            b.replace(i + 1, i + 3, b.substring(i + 1, i + 3).toLowerCase());
        }
        return b.toString();
    }

    private void assertNoSecretIn(List<String> forwarded) {
        for (String line : forwarded) {
            for (String form : forms()) {
                assertThat(line).as("forwarded line").doesNotContain(form);
            }
            assertThat(line).doesNotContain("s3cr3t");
        }
    }

    @ParameterizedTest(name = "secret {0} in the URL")
    @ValueSource(strings = {"form-encoded", "percent-encoded"})
    void everyFormOfTheSecretAnImageMayPrintIsMasked(String encoding) {
        String url = layoutUrl(encoding.equals("form-encoded") ? FORM : PERCENT);
        ContainerLogForwarder forwarder = forwarder(url);
        forwarder.onNext(out("URL=" + url + "\n"));
        for (String form : forms()) {
            forwarder.onNext(out("secret is <" + form + "> here\n"));
        }
        forwarder.onNext(out("Authorization: Basic "
                + Base64.getEncoder().encodeToString(("OPENVIDUAPP:" + SECRET).getBytes(StandardCharsets.UTF_8)) + "\n"));
        forwarder.onComplete();

        assertThat(lines).hasSize(forms().size() + 2);
        assertNoSecretIn(lines);
        assertThat(lines.get(0)).isEqualTo("URL=https://OPENVIDUAPP:***@127.0.0.1:4443/#/layout-best-fit/ses_abc/***");
        assertThat(lines.subList(1, forms().size() + 1)).allSatisfy(l -> assertThat(l).isEqualTo("secret is <***> here"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("Authorization: Basic ***");
    }

    @Test
    void secretSplitAcrossFramesAndInterleavedWithStandardErrorIsStillMasked() {
        String url = layoutUrl(FORM);
        ContainerLogForwarder forwarder = forwarder(url);
        byte[] raw = ("raw " + SECRET + " end\n").getBytes(StandardCharsets.UTF_8);
        int inUmlaut = ("raw s3cr3t p@ss/").getBytes(StandardCharsets.UTF_8).length + 1; // between the two bytes of ü
        forwarder.onNext(new Frame(StreamType.STDOUT, Arrays.copyOfRange(raw, 0, inUmlaut)));
        forwarder.onNext(new Frame(StreamType.STDERR, "warning: slow".getBytes(StandardCharsets.UTF_8)));
        forwarder.onNext(new Frame(StreamType.STDOUT, Arrays.copyOfRange(raw, inUmlaut, raw.length)));
        forwarder.onNext(new Frame(StreamType.STDERR, " start\n".getBytes(StandardCharsets.UTF_8)));
        String line = "URL=" + url + "\n";
        int half = line.indexOf(FORM) + FORM.length() / 2;
        forwarder.onNext(out(line.substring(0, half)));
        forwarder.onNext(out(line.substring(half)));
        forwarder.onComplete();

        assertNoSecretIn(lines);
        assertThat(lines).containsExactly("raw *** end", "warning: slow start",
                "URL=https://OPENVIDUAPP:***@127.0.0.1:4443/#/layout-best-fit/ses_abc/***");
    }

    @Test
    void lastLineWithoutANewlineIsMaskedToo() {
        ContainerLogForwarder forwarder = forwarder(layoutUrl(FORM));
        forwarder.onNext(out("bye " + SECRET));
        forwarder.onComplete();
        assertThat(lines).containsExactly("bye ***");
    }

    @Test
    void linesWithoutTheSecretAreForwardedAsPrinted() {
        ContainerLogForwarder forwarder = forwarder(layoutUrl(FORM));
        forwarder.onNext(out("Recording 1920x1080 at 30 fps to /recordings/ses_abc.mp4\n\n   \nstopped: q received\n"));
        forwarder.onComplete();
        assertThat(lines).containsExactly("Recording 1920x1080 at 30 fps to /recordings/ses_abc.mp4", "stopped: q received");
    }

    @Test
    void secretOnlyInTheFragmentIsMaskedToo() {
        ContainerLogForwarder forwarder = forwarder("https://127.0.0.1:4443/#/layout-best-fit/ses_abc/" + FORM);
        forwarder.onNext(out("secret " + SECRET + " and " + FORM + "\n"));
        forwarder.onComplete();
        assertThat(lines).containsExactly("secret *** and ***");
    }

    @Test
    void aUrlWithoutCredentialsMasksNothing() {
        ContainerLogForwarder forwarder = forwarder("not a url");
        forwarder.onNext(out("plain line\n"));
        forwarder.onComplete();
        assertThat(lines).containsExactly("plain line");
    }
}
