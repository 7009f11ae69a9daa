package dev.ovstub.server.internal.recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recordings on disk, in OpenVidu 1.8's flat layout: {@code <id>.mp4} and its metadata {@code .recording.<id>}
 * (the recording JSON, replaced atomically on every change). Everything the API answers is read from here, so
 * recordings survive a restart.
 */
public final class RecordingStore {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingStore.class);
    private static final String META_PREFIX = ".recording.";
    /** Recording ids are file names: nothing that could escape the folder. */
    public static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,127}");

    private final Path folder;

    private RecordingStore(Path folder) {
        this.folder = folder;
    }

    /**
     * Opens (creating if needed) the folder and checks it is writable.
     *
     * @throws IllegalStateException with a message naming the folder and the property when it is unusable
     */
    public static RecordingStore open(Path folder) {
        Path abs = folder.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IllegalStateException("openvidu.recording.path: " + abs + " is not a folder", e);
        } catch (AccessDeniedException e) {
            throw new IllegalStateException("openvidu.recording.path: cannot create " + abs + ": permission denied", e);
        } catch (IOException e) {
            throw new IllegalStateException("openvidu.recording.path: cannot create " + abs + ": " + e, e);
        }
        if (!Files.isDirectory(abs)) {
            throw new IllegalStateException("openvidu.recording.path: " + abs + " is not a folder");
        }
        try {
            Path probe = Files.createTempFile(abs, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IllegalStateException("openvidu.recording.path: " + abs + " is not writable (" + e.getClass().getSimpleName() + ")", e);
        }
        return new RecordingStore(abs);
    }

    public Path folder() {
        return folder;
    }

    /** The media file of a recording (which may not exist yet). */
    public Path videoFile(String id) {
        return folder.resolve(id + ".mp4");
    }

    private Path metaFile(String id) {
        return folder.resolve(META_PREFIX + id);
    }

    /** Writes the recording's metadata atomically: readers see the old or the new JSON, never half. */
    public void save(Recording r) {
        Path target = metaFile(r.id());
        try {
            Path tmp = Files.createTempFile(folder, ".tmp-recording-", ".json");
            try {
                Files.writeString(tmp, RecordingJson.toJsonString(r), StandardCharsets.UTF_8);
                try {
                    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    public Optional<Recording> find(String id) {
        if (!SAFE_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Path meta = metaFile(id);
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        try {
            return Optional.of(RecordingJson.parse(Files.readString(meta, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Ignoring unreadable recording metadata {}: {}", meta, e.getMessage());
            return Optional.empty();
        }
    }

    /** All readable recordings, oldest first. */
    public List<Recording> list() {
        List<Recording> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, META_PREFIX + "*")) {
            for (Path meta : files) {
                find(meta.getFileName().toString().substring(META_PREFIX.length())).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        out.sort(Comparator.comparingLong(Recording::createdAt).thenComparing(Recording::id));
        return out;
    }

    /** The size of the recording's media file, or 0 when it does not exist (yet) or cannot be read. */
    public long videoSize(String id) {
        try {
            return Files.size(videoFile(id));
        } catch (IOException e) {
            return 0;
        }
    }

    /** Whether a recording, or any file of one, already uses this id. */
    public boolean idTaken(String id) {
        return Files.exists(metaFile(id)) || Files.exists(videoFile(id));
    }

    /** Removes every file of the recording. Returns false if there was none. */
    public boolean delete(String id) {
        boolean any = false;
        for (Path p : List.of(videoFile(id), folder.resolve(id + ".info"), metaFile(id))) {
            try {
                any |= Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + p, e);
            }
        }
        return any;
    }

    /**
     * After a crash: a recording still {@code starting} or {@code started} on disk has no recorder any more. It
     * becomes {@code failed}, with its partial file kept and its size recorded.
     */
    public int failInterrupted() {
        int n = 0;
        for (Recording r : list()) {
            if (r.status().active()) {
                save(r.withStatus(RecordingStatus.FAILED).withMedia(videoSize(r.id()), r.duration(), r.hasAudio(), r.hasVideo()));
                LOG.warn("Recording {} was {} when the server last stopped: marked failed, partial file kept", r.id(), r.status().wireName());
                n++;
            }
        }
        return n;
    }
}
