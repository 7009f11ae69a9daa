package dev.ovstub.server.internal.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata writes: synced and renamed into place (nothing half-written, no temporary file left), and a folder
 * that refuses them fails loudly, with a problem fit for clients (no path) and the detail for the log.
 */
class RecordingStoreWriteTest {
    @TempDir
    Path tmp;
    private RecordingStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private static Recording recording(String id) {
        return Recording.starting(id, "wss://localhost:8443/" + id, 1_500_000_000_000L);
    }

    @Test
    void aSavedRecordingIsReadBackAndNoTemporaryFileIsLeft() throws IOException {
        store = RecordingStore.open(tmp.resolve("recordings"));

        store.save(recording("abc"));
        store.save(recording("abc").withStatus(RecordingStatus.STARTED));

        assertThat(store.find("abc").orElseThrow().status()).isEqualTo(RecordingStatus.STARTED);
        try (Stream<Path> files = Files.list(store.folder())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(".recording.abc", RecordingStore.LOCK_FILE);
        }
    }

    @Test
    void aWriteIntoAFolderDeletedMeanwhileFailsLoudlyWithAProblemThatNamesNoPath() throws IOException {
        store = RecordingStore.open(tmp.resolve("recordings"));
        Path away = tmp.resolve("away");
        Files.move(store.folder(), away);

        assertThatThrownBy(() -> store.save(recording("abc")))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.problem()).isEqualTo("the recordings folder (openvidu.recording.path) cannot be written: it no longer exists");
                    assertThat(e.getMessage()).as("the log gets the detail").contains(store.folder().toString());
                    assertThat(e.getCause()).isInstanceOf(NoSuchFileException.class);
                });
        assertThat(away.resolve(".recording.abc")).doesNotExist();
    }

    @Test
    void aWriteIntoAFolderReplacedByAFileSaysItIsNotAFolderAnyMore() throws IOException {
        store = RecordingStore.open(tmp.resolve("recordings"));
        Files.move(store.folder(), tmp.resolve("away"));
        Files.writeString(store.folder(), "x");

        assertThatThrownBy(() -> store.save(recording("abc")))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.problem()).endsWith("it is not a folder any more"));
        assertThatThrownBy(() -> store.list()).isInstanceOf(StorageException.class);
    }

    @Test
    void operatingSystemReasonsAreTranslatedAndPathsNeverLeak() {
        assertThat(StorageException.describe(new AccessDeniedException("/secret/place/x")))
                .endsWith("permission denied (is it read-only?)").doesNotContain("/secret");
        assertThat(StorageException.describe(new FileSystemException("/secret/place/x", null, "No space left on device")))
                .endsWith("the disk is full (no space left on device)");
        assertThat(StorageException.describe(new FileSystemException("/secret/place/x", null, "Read-only file system")))
                .endsWith("it is on a read-only file system");
        assertThat(StorageException.describe(new IOException("No space left on device")))
                .endsWith("the disk is full (no space left on device)");
        assertThat(StorageException.describe(new IOException("cannot do it with /secret/place/x")))
                .endsWith("IOException").doesNotContain("/secret");
        assertThat(StorageException.describe(new FileSystemException("/secret/place/x", null, "Input/output error")))
                .endsWith("Input/output error");
    }

    @Test
    void theLockIsReleasedOnCloseAndTakenOverByTheNextStore() {
        RecordingStore first = RecordingStore.open(tmp.resolve("recordings"));
        assertThatThrownBy(() -> RecordingStore.open(tmp.resolve("recordings")))
                .hasMessageContaining("in use by another running server")
                .hasMessageContaining("pid " + ProcessHandle.current().pid());
        first.close();
        first.close(); // idempotent

        store = RecordingStore.open(tmp.resolve("recordings"));
    }
}
