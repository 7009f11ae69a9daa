package dev.ovstub.server.internal.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest of INDIVIDUAL archives and the layout state's stream fields, both ways. */
class IndividualManifestTest {
    @TempDir
    Path dir;

    static final IndividualManifest.Header HEADER = new IndividualManifest.Header(5, "ses_A", "talk", "ses_A");

    IndividualManifest twoFiles() throws IOException {
        Files.write(dir.resolve("a.webm"), new byte[1000]);
        Files.write(dir.resolve("b.webm"), new byte[234]);
        return new IndividualManifest(HEADER, List.of(
                new IndividualManifest.StreamFile("a.webm", "con_a", "str_CAM_A", 1000, "alice", "srv", true, true,
                        "CAMERA", 200, 5200),
                new IndividualManifest.StreamFile("b.webm", "con_b", "str_CAM_B", 234, "bob", "", true, false, null,
                        1200, 3000)));
    }

    @Test
    void theManifestHasEveryFieldOfThe2xContractAndReadsBackTheSame() throws Exception {
        IndividualManifest m = twoFiles();

        JsonNode json = new ObjectMapper().readTree(m.toJson());

        List<String> top = new ArrayList<>();
        json.fieldNames().forEachRemaining(top::add);
        assertThat(top).containsExactly("createdAt", "id", "name", "sessionId", "files");
        List<String> file = new ArrayList<>();
        json.at("/files/0").fieldNames().forEachRemaining(file::add);
        assertThat(file).containsExactly("name", "connectionId", "streamId", "size", "clientData", "serverData",
                "hasAudio", "hasVideo", "typeOfVideo", "startTimeOffset", "endTimeOffset");
        assertThat(json.at("/files/1").has("typeOfVideo")).as("no typeOfVideo without video").isFalse();
        assertThat(IndividualManifest.parse(m.toJson())).isEqualTo(m);
        assertThat(m.totalSize()).isEqualTo(1234);
        assertThat(m.durationSeconds()).as("last end minus first start").isEqualTo(5.0);
    }

    @Test
    void anArchiveIsReadBackWithItsFilesCheckedAgainstTheManifest() throws Exception {
        IndividualManifest m = twoFiles();
        Path zip = dir.resolve("talk.zip");

        m.writeArchive(zip, dir);

        assertThat(IndividualManifest.readArchive(zip, "talk")).isEqualTo(m);
        assertThat(Files.exists(dir.resolve("talk.zip.part"))).isFalse();
    }

    @Test
    void unusableArchivesAreRejectedSayingWhy() throws Exception {
        assertThatThrownBy(() -> IndividualManifest.readArchive(dir.resolve("none.zip"), "none"))
                .hasMessageContaining("does not exist");
        Path notZip = Files.writeString(dir.resolve("junk.zip"), "not a zip at all");
        assertThatThrownBy(() -> IndividualManifest.readArchive(notZip, "junk")).hasMessageContaining("not a readable ZIP");
        Path empty = dir.resolve("empty.zip");
        IndividualManifest.writeEmptyArchive(empty);
        assertThatThrownBy(() -> IndividualManifest.readArchive(empty, "empty")).hasMessageContaining("no manifest empty.json");
        Path bad = zip("bad.zip", "bad.json", "{\"id\":\"x\",\"name\":\"bad\",\"createdAt\":1}");
        assertThatThrownBy(() -> IndividualManifest.readArchive(bad, "bad")).hasMessageContaining("no files array");
        Path missing = zip("missing.zip", "missing.json", new String(twoFiles().toJson(), StandardCharsets.UTF_8));
        assertThatThrownBy(() -> IndividualManifest.readArchive(missing, "missing")).hasMessageContaining("lacks a.webm");
        Path backwards = zip("back.zip", "back.json", "{\"id\":\"x\",\"name\":\"back\",\"createdAt\":1,\"files\":[{\"name\":"
                + "\"a.webm\",\"size\":1,\"startTimeOffset\":50,\"endTimeOffset\":10}]}");
        assertThatThrownBy(() -> IndividualManifest.readArchive(backwards, "back")).hasMessageContaining("invalid offsets 50..10");
    }

    Path zip(String name, String entry, String text) throws IOException {
        Path zip = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(entry));
            z.write(text.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return zip;
    }

    @Test
    void theLayoutStateCarriesEachPublishersStreamToTheRecorderAndLeavesItOutWhenUnknown() throws Exception {
        Publisher withStream = new Publisher("con_a", "alice", null,
                new Publisher.StreamInfo("str_CAM_A", "srv", true, false, "SCREEN", false));
        Publisher without = Publisher.of("con_b");
        LayoutState state = new LayoutState("ses_A", "BEST_FIT", 3, List.of(withStream, without));

        byte[] json = state.toJson();

        assertThat(LayoutState.parse(json)).isEqualTo(state);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"record\":false");
        assertThat(LayoutState.parse(json).publishers().get(0).recordedIndividually()).isFalse();
        assertThat(LayoutState.parse(json).publishers().get(1).recordedIndividually()).isTrue();
        assertThatThrownBy(() -> LayoutState.parse("{\"publishers\":[{\"id\":\"x\",\"hasAudio\":\"yes\"}]}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("hasAudio is not a boolean");
        assertThatThrownBy(() -> LayoutState.parse("{\"publishers\":[{\"id\":\"x\",\"record\":\"no\"}]}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("record is not a boolean");
    }
}
