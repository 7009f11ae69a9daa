package dev.ovstub.server;

import static dev.ovstub.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code "media"} in {@code POST /stub/participants}: the recorder opens it with the server's rights, so over
 * HTTP only files in {@code openvidu.stub.media-path} and, when opted in, URLs are accepted. The Java API is not
 * limited.
 */
class ControlApiMediaTest extends StubTestSupport {
    private Path mediaFolder;
    private Path inside;
    private Path outside;

    @BeforeEach
    void files() throws IOException {
        mediaFolder = Files.createDirectories(tmp.resolve("media"));
        inside = Files.writeString(mediaFolder.resolve("clip.mp4"), "not decoded by these tests");
        Files.createDirectories(mediaFolder.resolve("sub"));
        Files.writeString(mediaFolder.resolve("sub/other.mp4"), "x");
        outside = Files.writeString(tmp.resolve("secret.txt"), "a file the server can read");
    }

    private Api apiOf(UnaryOperator<OpenViduServerStub.Builder> customize) {
        return new Api(closeLater(customize.apply(OpenViduServerStub.builder()).start()));
    }

    private static Api.Resp joinWithMedia(Api api, String room, String media) {
        return api.post("/stub/participants", obj("session", room, "secret", "MY_SECRET", "publish", true,
                "media", media));
    }

    /** The media the layout state hands the recorder for the only publisher of the room. */
    private static String layoutMedia(Api api, String room) {
        Api.Resp r = api.get("/stub/layout/" + room);
        assertThat(r.status()).isEqualTo(200);
        JsonNode publishers = r.json().get("publishers");
        assertThat(publishers).hasSize(1);
        return publishers.get(0).get("media").asText();
    }

    @Test
    void withoutAMediaFolderNoLocalFileIsAcceptedAndTheAnswerNamesThePropertyToSet() {
        Api api = apiOf(b -> b);

        for (String media : new String[] {outside.toString(), outside.toUri().toString(), "clip.mp4"}) {
            Api.Resp r = joinWithMedia(api, "room", media);

            assertThat(r.status()).as(media).isEqualTo(400);
            assertThat(r.message()).as(media).contains("openvidu.stub.media-path");
        }
        assertThat(api.get("/stub/sessions").json().get("count").asInt()).as("nobody joined").isZero();
    }

    @Test
    void aFileOutsideTheMediaFolderIs400NamingTheProperty() {
        Api api = apiOf(b -> b.mediaPath(mediaFolder));

        for (String media : new String[] {outside.toString(), outside.toUri().toString(), "/etc/hostname"}) {
            Api.Resp r = joinWithMedia(api, "room", media);

            assertThat(r.status()).as(media).isEqualTo(400);
            assertThat(r.message()).as(media).contains("openvidu.stub.media-path");
        }
    }

    @Test
    void dotDotCannotLeadOutOfTheMediaFolder() {
        Api api = apiOf(b -> b.mediaPath(mediaFolder));

        for (String media : new String[] {"../secret.txt", "sub/../../secret.txt", mediaFolder + "/../secret.txt",
                "../media/../secret.txt"}) {
            Api.Resp r = joinWithMedia(api, "room", media);

            assertThat(r.status()).as(media).isEqualTo(400);
            assertThat(r.message()).as(media).contains("openvidu.stub.media-path");
        }
    }

    @Test
    void aSymbolicLinkInsideTheMediaFolderThatLeadsOutOfItIsRefused() throws IOException {
        Files.createSymbolicLink(mediaFolder.resolve("link.mp4"), outside);
        Files.createSymbolicLink(mediaFolder.resolve("linked-dir"), tmp);
        Api api = apiOf(b -> b.mediaPath(mediaFolder));

        for (String media : new String[] {"link.mp4", "linked-dir/secret.txt"}) {
            Api.Resp r = joinWithMedia(api, "room", media);

            assertThat(r.status()).as(media).isEqualTo(400);
            assertThat(r.message()).as(media).contains("openvidu.stub.media-path");
        }
    }

    @Test
    void aFileInsideTheMediaFolderIsAcceptedByRelativeOrAbsoluteName() throws IOException {
        Files.createSymbolicLink(mediaFolder.resolve("alias.mp4"), inside);
        Api api = apiOf(b -> b.mediaPath(mediaFolder));
        String[][] cases = {
                {"room1", "clip.mp4", inside.toRealPath().toString()},
                {"room2", inside.toString(), inside.toRealPath().toString()},
                {"room3", inside.toUri().toString(), inside.toRealPath().toString()},
                {"room4", "sub/./other.mp4", mediaFolder.resolve("sub/other.mp4").toRealPath().toString()},
                {"room5", "alias.mp4", inside.toRealPath().toString()},
        };
        for (String[] c : cases) {
            Api.Resp r = joinWithMedia(api, c[0], c[1]);

            assertThat(r.status()).as("%s: %s", c[1], r).isEqualTo(200);
            assertThat(layoutMedia(api, c[0])).as(c[1]).isEqualTo(c[2]);
        }
    }

    @Test
    void aMissingFileInTheMediaFolderIs400() {
        Api api = apiOf(b -> b.mediaPath(mediaFolder));

        Api.Resp r = joinWithMedia(api, "room", "nope.mp4");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).contains("nope.mp4").doesNotContain(mediaFolder.toString());
    }

    @Test
    void aUrlIs400NamingTheOptInPropertyUnlessOptedIn() {
        Api closed = apiOf(b -> b.mediaPath(mediaFolder));
        Api open = apiOf(b -> b.mediaUrls(true));

        for (String url : new String[] {"http://169.254.169.254/latest/meta-data/", "HTTPS://intranet.example/x.mp4"}) {
            Api.Resp refused = joinWithMedia(closed, "room", url);
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.message()).as(url).contains("openvidu.stub.media-urls=true");
        }
        Api.Resp accepted = joinWithMedia(open, "room", "http://127.0.0.1:9/clip.mp4");
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(200);
        assertThat(layoutMedia(open, "room")).isEqualTo("http://127.0.0.1:9/clip.mp4");
        assertThat(joinWithMedia(open, "room2", inside.toString()).status())
                .as("URLs opted in, still no local files").isEqualTo(400);
    }

    @Test
    void otherSchemesAre400() {
        Api api = apiOf(b -> b.mediaPath(mediaFolder).mediaUrls(true));

        for (String media : new String[] {"ftp://example.org/x.mp4", "concat:clip.mp4|/etc/hostname", "pipe:0"}) {
            assertThat(joinWithMedia(api, "room", media).status()).as(media).isEqualTo(400);
        }
    }

    @Test
    void aRefusedMediaDoesNotUseTheTokenUp() {
        Api api = apiOf(b -> b);
        String session = api.manualSession();
        String token = api.token(session, "PUBLISHER");

        Api.Resp refused = api.post("/stub/participants", obj("session", session, "token", token, "media", outside.toString()));
        Api.Resp joined = api.post("/stub/participants", obj("session", session, "token", token));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(joined.status()).isEqualTo(200);
    }

    @Test
    void theJavaApiStillAcceptsAnyPath() {
        OpenViduServerStub server = closeLater(OpenViduServerStub.builder().start());

        Participant p = server.joinInsecure("room", JoinOptions.publishing().media(outside));

        assertThat(p.isPublishing()).isTrue();
        assertThat(layoutMedia(new Api(server), "room")).isEqualTo(outside.toAbsolutePath().toString());
    }

    @Test
    void aMediaFolderThatDoesNotExistFailsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> OpenViduServerStub.builder().mediaPath(tmp.resolve("missing")).start())
                .hasMessageContaining("openvidu.stub.media-path");
        assertThatThrownBy(() -> OpenViduServerStub.builder().mediaPath(inside).start())
                .hasMessageContaining("openvidu.stub.media-path");
    }
}
