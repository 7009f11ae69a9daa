package dev.ovstub.server.internal.recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recordings on disk. A 1.8 recording in OpenVidu 1.8's flat layout: {@code <id>.mp4} and its metadata
 * {@code .recording.<id>}; a 2.x recording in a folder of its own, as 2.x has it: {@code <id>/<name>.<ext>} and
 * {@code <id>/.recording.<id>}. The metadata is the recording JSON, replaced atomically and durably on every change. Everything the API answers is read from
 * here, so recordings survive a restart.
 *
 * <p>A server holds its folder for its whole life through a lock on {@value #LOCK_FILE} in it: a second server
 * pointed at the same folder refuses to start instead of failing or reaping the first one's live recordings. The
 * lock file itself stays after {@link #close()} (deleting it would let two servers lock two different files);
 * a stale one, whose lock nobody holds, is simply taken over.
 */
public final class RecordingStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingStore.class);
    private static final String META_PREFIX = ".recording.";
    /** The file whose lock says which live server uses the folder. */
    public static final String LOCK_FILE = ".ovstub.lock";
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    /** Recording ids are file names: nothing that could escape the folder. */
    public static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_~-]{0,199}");

    private final Path folder;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /** The folder's identity, as registered in {@link #HELD_IN_THIS_JVM}. */
    private final Object heldPath;
    /**
     * The recordings folders that servers of this JVM hold, by identity (device and inode where the file system
     * says, else the real path): the same folder reached by two paths (a bind mount) is one.
     */
    private static final java.util.Set<Object> HELD_IN_THIS_JVM = new java.util.HashSet<>();

    private RecordingStore(Path folder, FileChannel lockChannel, FileLock lock, Object heldPath) {
        this.folder = folder;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.heldPath = heldPath;
    }

    /**
     * Opens (creating if needed) the folder, checks it is writable, and locks it for this server.
     *
     * @throws IllegalStateException with a message naming the folder and the property when it is unusable or held
     *     by another live server
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
        Object held = identity(abs);
        // Locks are per process on Linux, and closing ANY handle of the lock file drops them all: a second server
        // of this JVM must be refused before it opens the file, or its refusal would free the first one's folder.
        synchronized (HELD_IN_THIS_JVM) {
            if (!HELD_IN_THIS_JVM.add(held)) {
                throw inUse(abs, "pid " + ProcessHandle.current().pid() + ", this process");
            }
        }
        try {
            return lock(abs, held);
        } catch (RuntimeException e) {
            synchronized (HELD_IN_THIS_JVM) {
                HELD_IN_THIS_JVM.remove(held);
            }
            throw e;
        }
    }

    private static RecordingStore lock(Path abs, Object held) {
        Path lockFile = abs.resolve(LOCK_FILE);
        FileChannel channel;
        try {
            // Never through a link planted in the folder, never a file with other names (hard links): it is written.
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            if (!Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS) || linkCount(lockFile) > 1) {
                closeQuietly(channel);
                throw new IllegalStateException("openvidu.recording.path: the lock file " + lockFile
                        + " is not a plain file of its own (a link?); remove it");
            }
        } catch (IOException e) {
            throw new IllegalStateException("openvidu.recording.path: cannot open the lock file " + lockFile + " (" + e + ")", e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // This JVM holds it after all (a path HELD_IN_THIS_JVM could not tell apart): closing this handle would
            // drop that lock, so it is left open, and the start refused.
            throw inUse(abs, "pid " + ProcessHandle.current().pid() + ", this process");
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("openvidu.recording.path: cannot lock " + lockFile + " (" + e + ")", e);
        }
        if (lock == null) {
            String holder = holderOf(channel);
            closeQuietly(channel); // no lock of this JVM on the file: closing it releases nothing of ours
            throw inUse(abs, holder);
        }
        try {
            byte[] me = ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.write(java.nio.ByteBuffer.wrap(me), 0);
            channel.truncate(me.length);
        } catch (IOException e) {
            LOG.debug("Cannot write the holder into {}: {}", lockFile, e.toString());
        }
        return new RecordingStore(abs, channel, lock, held);
    }

    private static IllegalStateException inUse(Path folder, String holder) {
        return new IllegalStateException("openvidu.recording.path: " + folder + " is in use by another running server"
                + (holder.isEmpty() ? "" : " (" + holder + ")")
                + "; give each server its own recordings folder (openvidu.recording.path)");
    }

    private static Object identity(Path folder) {
        try {
            Object key = Files.readAttributes(folder, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            return key != null ? key : folder.toRealPath();
        } catch (IOException e) {
            return folder;
        }
    }

    private static int linkCount(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1; // no such attribute here (Windows): no hard links to fear from it
        }
    }

    /** Who holds the lock, as it wrote itself into the file, read through the handle already open. */
    private static String holderOf(FileChannel channel) {
        try {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(101);
            int n = channel.read(buffer, 0);
            String text = n <= 0 ? "" : new String(buffer.array(), 0, n, StandardCharsets.US_ASCII).strip();
            return text.length() > 100 || !text.matches("[ -~]*") ? "" : text;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }

    /** Releases the folder: another server may use it from now on. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // released once: the folder may be another server's by now
        }
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            LOG.debug("Releasing the lock of {}: {}", folder, e.toString());
        } finally {
            closeQuietly(lockChannel);
            synchronized (HELD_IN_THIS_JVM) {
                HELD_IN_THIS_JVM.remove(heldPath);
            }
        }
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

    /** The folder of a 2.x recording (which may not exist yet). */
    private Path ownFolder(String id) {
        return folder.resolve(id);
    }

    private Path nestedMetaFile(String id) {
        return ownFolder(id).resolve(META_PREFIX + id);
    }

    /** The media file of a recording (which may not exist yet): {@code <id>.mp4}, or {@code <id>/<name>.<ext>} for 2.x. */
    public Path mediaFile(Recording r) {
        return r.v2() ? ownFolder(r.id()).resolve(r.fileName()) : videoFile(r.id());
    }

    /** The size of the recording's media file, or 0 when it does not exist (yet) or cannot be read. */
    public long mediaSize(Recording r) {
        try {
            return Files.size(mediaFile(r));
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Where the recorder of this recording writes: the recordings folder for 1.8, the recording's own folder for
     * 2.x (created here).
     *
     * @throws StorageException if it cannot be created
     */
    public Path outputFolder(Recording r) {
        if (!r.v2()) {
            return folder;
        }
        Path own = ownFolder(r.id());
        try {
            Files.createDirectories(own);
        } catch (IOException e) {
            throw new StorageException("cannot create " + own, e);
        }
        return own;
    }

    /**
     * Writes the recording's metadata atomically and durably: readers see the old or the new JSON, never half, and
     * once this returns the new JSON survives a power cut (the file is synced before the rename, the folder after).
     *
     * @throws StorageException if the folder refuses it (deleted, not a folder, read-only, full)
     */
    public void save(Recording r) {
        Path dir = r.v2() ? outputFolder(r) : folder;
        Path target = dir.resolve(META_PREFIX + r.id());
        try {
            Path tmp = Files.createTempFile(dir, ".tmp-recording-", ".json");
            try {
                try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(RecordingJson.toJsonString(r).getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                    out.force(true);
                }
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
                syncFolder(dir);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new StorageException("cannot write " + target, e);
        }
    }

    /** Makes the rename durable: syncs the folder's entries. Windows cannot open a folder for this; it is skipped there. */
    private static void syncFolder(Path folder) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    public Optional<Recording> find(String id) {
        if (!SAFE_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Path meta = metaFile(id);
        if (!Files.isRegularFile(meta)) {
            meta = nestedMetaFile(id);
            if (!Files.isRegularFile(meta, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(RecordingJson.parse(Files.readString(meta, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Ignoring unreadable recording metadata {}: {}", meta, e.getMessage());
            return Optional.empty();
        }
    }

    /** All readable recordings, oldest first. @throws StorageException if the folder cannot be listed */
    public List<Recording> list() {
        List<Recording> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path entry : files) {
                String name = entry.getFileName().toString();
                if (name.startsWith(META_PREFIX)) {
                    find(name.substring(META_PREFIX.length())).ifPresent(out::add);
                } else if (SAFE_ID.matcher(name).matches() && Files.isDirectory(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && Files.isRegularFile(nestedMetaFile(name))) {
                    find(name).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot list " + folder, e);
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
        return Files.exists(metaFile(id)) || Files.exists(videoFile(id)) || Files.exists(ownFolder(id));
    }

    /** Removes every file of the recording. Returns false if there was none. @throws StorageException if refused */
    public boolean delete(String id) {
        Path own = ownFolder(id);
        if (Files.isDirectory(own, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return deleteTree(own);
        }
        boolean any = false;
        for (Path p : List.of(videoFile(id), folder.resolve(id + ".info"), metaFile(id))) {
            try {
                any |= Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new StorageException("cannot delete " + p, e);
            }
        }
        return any;
    }

    /** Removes a 2.x recording's folder and what it holds (no links followed). */
    private static boolean deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs)
                        throws IOException {
                    Files.delete(file);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(dir);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
            return true;
        } catch (IOException e) {
            throw new StorageException("cannot delete " + root, e);
        }
    }
}
