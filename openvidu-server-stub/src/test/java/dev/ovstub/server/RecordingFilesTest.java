package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovstub.server.testing.Await;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /recordings/<id>.mp4}: content type, ranges, access, and nothing else reachable. */
class RecordingFilesTest extends StubTestSupport {
    private OpenViduServerStub server;
    private Api api;
    private String id;
    private byte[] content;

    /** A server with one stopped recording; returns its JSON. */
    private JsonNode serverWithOneRecording(boolean freeAccess) throws Exception {
        server = recordingServer(b -> b.freeAccess(freeAccess));
        api = new Api(server);
        String session = api.manualSession();
        api.join(session, true);
        id = api.record(session).get("id").asText();
        Path file = server.recordingPath().resolve(id + ".mp4");
        Await.await(() -> sizeOf(file) > 100, java.time.Duration.ofSeconds(5), "the recorder to write some frames");
        JsonNode stopped = api.stop(id);
        content = Files.readAllBytes(file);
        return stopped;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private String path() {
        return "/recordings/" + id + ".mp4";
    }

    @Test
    void theFileIsServedAsVideoMp4AcceptingByteRanges() throws Exception {
        serverWithOneRecording(false);

        Api.Resp r = api.get(path());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValue("video/mp4");
        assertThat(r.header("Accept-Ranges")).hasValue("bytes");
        assertThat(r.header("Content-Length")).hasValue(String.valueOf(content.length));
        assertThat(r.bytes()).isEqualTo(content);
    }

    @Test
    void aRangeFromTheStartAnswers206WithThoseBytes() throws Exception {
        serverWithOneRecording(false);

        Api.Resp r = api.get(path(), "Range", "bytes=0-9");

        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("Content-Range")).hasValue("bytes 0-9/" + content.length);
        assertThat(r.header("Content-Length")).hasValue("10");
        assertThat(r.header("Content-Type")).hasValue("video/mp4");
        assertThat(r.bytes()).isEqualTo(Arrays.copyOfRange(content, 0, 10));
    }

    @Test
    void anOpenEndedRangeAnswersTheRestOfTheFile() throws Exception {
        serverWithOneRecording(false);

        Api.Resp r = api.get(path(), "Range", "bytes=10-");

        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("Content-Range")).hasValue("bytes 10-" + (content.length - 1) + "/" + content.length);
        assertThat(r.bytes()).isEqualTo(Arrays.copyOfRange(content, 10, content.length));
    }

    @Test
    void aSuffixRangeAnswersTheLastBytes() throws Exception {
        serverWithOneRecording(false);

        Api.Resp r = api.get(path(), "Range", "bytes=-5");

        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("Content-Range")).hasValue("bytes " + (content.length - 5) + "-" + (content.length - 1) + "/" + content.length);
        assertThat(r.bytes()).isEqualTo(Arrays.copyOfRange(content, content.length - 5, content.length));
    }

    @Test
    void aRangeEndingPastTheFileIsCutAtItsEnd() throws Exception {
        serverWithOneRecording(false);

        Api.Resp r = api.get(path(), "Range", "bytes=3-99999999");

        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("Content-Range")).hasValue("bytes 3-" + (content.length - 1) + "/" + content.length);
        assertThat(r.bytes()).isEqualTo(Arrays.copyOfRange(content, 3, content.length));
    }

    @Test
    void aRangeStartingPastTheEndIs416() throws Exception {
        serverWithOneRecording(false);

        Api.Resp atEnd = api.get(path(), "Range", "bytes=" + content.length + "-");
        Api.Resp farAway = api.get(path(), "Range", "bytes=99999999-99999999");

        assertThat(atEnd.status()).isEqualTo(416);
        assertThat(atEnd.header("Content-Range")).hasValue("bytes */" + content.length);
        assertThat(farAway.status()).isEqualTo(416);
    }

    @Test
    void multipleOrUnparseableRangesAreIgnoredAndTheWholeFileServed() throws Exception {
        serverWithOneRecording(false);

        for (String range : new String[] {"bytes=0-1,4-5", "bytes=abc", "items=0-5", "bytes=-"}) {
            Api.Resp r = api.get(path(), "Range", range);
            assertThat(r.status()).as(range).isEqualTo(200);
            assertThat(r.bytes()).as(range).isEqualTo(content);
        }
    }

    @Test
    void aHeadRequestAnswersTheHeadersWithoutTheBody() throws Exception {
        serverWithOneRecording(false);

        Api.Resp r = api.send("HEAD", path(), null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValue("video/mp4");
        assertThat(r.header("Content-Length")).hasValue(String.valueOf(content.length));
        assertThat(r.bytes()).isEmpty();
    }

    @Test
    void withFreeAccessTheRecordingIsAvailableAndItsUrlIsPublic() throws Exception {
        JsonNode stopped = serverWithOneRecording(true);

        assertThat(stopped.get("status").asText()).isEqualTo("available");
        assertThat(stopped.get("url").asText()).isEqualTo(server.baseUrl() + path());
        assertThat(stopped.get("url").asText()).isEqualTo(server.recordingUrl(id).toString());
        Api.Resp anonymous = api.anonymous().get(path());
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.bytes()).isEqualTo(content);
        assertThat(api.anonymous().get(path(), "Range", "bytes=0-9").status()).isEqualTo(206);
        assertThat(api.anonymous().get("/recordings/nosuchrecording.mp4").status()).isEqualTo(404);
    }

    @Test
    void withoutFreeAccessTheRecordingIsStoppedWithoutUrlAndItsFileNeedsCredentials() throws Exception {
        JsonNode stopped = serverWithOneRecording(false);

        assertThat(stopped.get("status").asText()).isEqualTo("stopped");
        assertThat(stopped.get("url").isNull()).isTrue();
        Api.Resp anonymous = api.anonymous().get(path());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(api.withAuthorization(Api.basic("OPENVIDUAPP", "wrong")).get(path()).status()).isEqualTo(401);
    }

    @Test
    void anUnknownRecordingFileIs404() throws Exception {
        serverWithOneRecording(false);

        assertThat(api.get("/recordings/nosuchrecording.mp4").status()).isEqualTo(404);
        assertThat(api.get("/recordings/" + id + ".webm").status()).isEqualTo(404);
        assertThat(api.get("/recordings/" + id).status()).isEqualTo(404);
    }

    @Test
    void noTraversalListingOrMetadataIsEverServedEvenEncoded() throws Exception {
        serverWithOneRecording(true);
        Path outside = tmp.resolve("secret.mp4");
        Files.writeString(outside, "TOP-SECRET-OUTSIDE");
        Files.writeString(tmp.resolve("secret"), "TOP-SECRET-OUTSIDE");
        Files.writeString(server.recordingPath().resolve(id + ".info"), "{\"format\": \"TOP-SECRET-INFO\"}");
        String meta = ".recording." + id;
        assertThat(server.recordingPath().resolve(meta)).exists();
        List<String> targets = List.of(
                "/recordings/../secret.mp4",
                "/recordings/..%2fsecret.mp4",
                "/recordings/..%2Fsecret.mp4",
                "/recordings/%2e%2e%2fsecret.mp4",
                "/recordings/%2E%2E%2Fsecret.mp4",
                "/recordings/%2e%2e/secret.mp4",
                "/recordings/..%5csecret.mp4",
                "/recordings/..\\secret.mp4",
                "/recordings/%252e%252e%252fsecret.mp4",
                "/recordings/..%252fsecret.mp4",
                "/recordings/.%2e/secret.mp4",
                "/recordings/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                "/recordings/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
                "/recordings/" + id + ".mp4/../../secret.mp4",
                "/recordings/../" + id + ".mp4/../secret.mp4",
                "/recordings/" + meta,
                "/recordings/%2erecording." + id,
                "/recordings/../recordings/" + meta,
                "/recordings/" + id + ".mp4/../" + meta,
                "/recordings/" + id + ".info",
                "/recordings/" + id + ".mp4%00.info",
                "/recordings/" + id + "%2f..%2f" + meta,
                "/recordings/",
                "/recordings",
                "/recordings/.",
                "/recordings/%2e",
                "/recordings/*",
                "/recordings/.mp4",
                "/recordings/%2e%2e.mp4",
                "/recordings/..mp4");
        for (String auth : new String[] {null, Api.basic("OPENVIDUAPP", server.secret())}) {
            for (String target : targets) {
                RawHttp.Answer a = RawHttp.get(server.port(), target, auth);
                assertThat(a.status()).as("%s (auth %s): %s", target, auth != null, a.head()).isBetween(400, 499);
                assertThat(a.body()).as(target)
                        .doesNotContain("TOP-SECRET")
                        .doesNotContain("\"sessionId\"")
                        .doesNotContain("root:")
                        .doesNotContain(new String(TestRecorders.HEADER, StandardCharsets.US_ASCII).trim());
            }
        }
    }

    @Test
    void theFolderIsNeverListed() throws Exception {
        serverWithOneRecording(true);

        for (String target : new String[] {"/recordings/", "/recordings", "/recordings/?list", "/recordings/" + id.charAt(0)}) {
            Api.Resp r = api.get(target);
            assertThat(r.status()).as(target).isBetween(400, 499);
            assertThat(r.body()).as(target).doesNotContain(id + ".mp4\"").doesNotContain(".recording.");
        }
    }
}
