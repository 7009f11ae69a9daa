package dev.ovstub.server.internal.recording;

import dev.ovstub.server.internal.recorder.IndividualManifest;
import dev.ovstub.server.internal.recorder.MediaInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up recovery of recordings the previous server left {@code starting} or {@code started} (it was killed,
 * or the host went down).
 *
 * <p>A recorder survives its server: the embedded one sees its standard input close and finishes its file, so a
 * {@code kill -9} of the server usually leaves a complete, playable file. Such a file, if the probe reads it, is
 * recovered as {@code stopped} ({@code available} with its url under free access) with its real size, duration
 * and streams; a missing or unreadable file makes the recording {@code failed}, its partial file kept.
 * "Readable" means: the media probe reads it and, for an MP4, its top-level boxes reach exactly to the end of the
 * file and hold the final index, not fragments only (see {@code Mp4Layout}). Our recorder writes fragments while
 * it records, so a recorder that was killed too leaves a file whose finished fragments still play: it is kept,
 * but the recording is {@code failed}, since its end is lost. The media data is not decoded frame by frame, to
 * keep start-up fast: a file damaged inside its media data but not cut short is recovered.
 *
 * <p>The recorder may still be finishing its file when the new server starts (it writes its last fragment and
 * appends the index). So before probing, recovery waits for every such file to be quiet: unchanged in size
 * and modification time, and last modified at least {@link #QUIET} ago. The wait is bounded by the stop timeout,
 * the time the server gives any recorder to finish; a file still changing then (a recorder that never stops) is
 * probed as it is, which normally fails it. Files untouched for a while, the usual case, cost no wait at all.
 */
public final class InterruptedRecordings {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptedRecordings.class);
    /** How long a file must stay unchanged to be taken as finished. */
    static final Duration QUIET = Duration.ofMillis(1000);
    private static final long POLL_MILLIS = 100;

    /** What recovery did. */
    public record Outcome(int recovered, int failed) {
        public int total() {
            return recovered + failed;
        }
    }

    private InterruptedRecordings() {}

    /**
     * Recovers or fails every recording left active on disk. Runs before the server takes requests.
     *
     * @param settle the longest wait for files still being written (the stop timeout)
     * @throws StorageException if the folder refuses the new metadata
     */
    public static Outcome recover(RecordingStore store, MediaProbe probe, RecordingSettings settings, Duration settle) {
        return recover(store, probe, settings, settle, java.util.Set.of());
    }

    /** As {@link #recover(RecordingStore, MediaProbe, RecordingSettings, Duration)}, leaving alone the recordings whose
     * recorders this server took over ({@code adopted}): they are still being recorded. */
    public static Outcome recover(RecordingStore store, MediaProbe probe, RecordingSettings settings, Duration settle,
                                  java.util.Set<String> adopted) {
        Objects.requireNonNull(probe, "probe");
        List<Recording> interrupted = new ArrayList<>();
        for (Recording r : store.list()) {
            if (r.status().active() && !adopted.contains(r.id())) {
                interrupted.add(r);
            }
        }
        if (interrupted.isEmpty()) {
            return new Outcome(0, 0);
        }
        awaitQuiet(store, interrupted, settle);
        int recovered = 0;
        int failed = 0;
        for (Recording r : interrupted) {
            Path file = store.mediaFile(r);
            MediaInfo info = null;
            String why = null;
            if (!Files.isRegularFile(file)) {
                why = "its file is missing";
            } else {
                try {
                    String cut = Mp4Layout.looksLikeMp4(file) ? Mp4Layout.problem(file) : null;
                    if (cut != null) {
                        why = "its file is incomplete (" + cut + ")";
                    } else if (r.v2() && !r.options().outputMode().composed()) {
                        // INDIVIDUAL: the archive is complete once it has its manifest (empty until the recorder's stop).
                        IndividualManifest m = IndividualManifest.readArchive(file, r.name());
                        info = MediaInfo.of(m.totalSize(), m.durationSeconds(), r.hasAudio(), r.hasVideo());
                    } else {
                        info = probe.probe(file);
                    }
                } catch (IOException | RuntimeException e) {
                    why = "its file is incomplete or unreadable (" + e.getMessage() + ")";
                }
            }
            if (info != null) {
                Recording done = r.withMedia(info.sizeBytes(), info.durationSeconds(), info.hasAudio(), info.hasVideo());
                done = settings.completed(done);
                store.save(done);
                LOG.info("Recording {} was {} when the server last stopped; its recorder finished the file: {} ({} s, {} bytes)",
                        r.id(), r.status().wireName(), done.status().wireName(), done.duration(), done.size());
                recovered++;
            } else {
                store.save(settings.failed(r).withMedia(store.mediaSize(r), r.duration(), r.hasAudio(), r.hasVideo()));
                LOG.warn("Recording {} was {} when the server last stopped and {}: marked failed, partial file kept",
                        r.id(), r.status().wireName(), why);
                failed++;
            }
        }
        return new Outcome(recovered, failed);
    }

    /** Waits, within {@code bound}, until no file of these recordings has changed for {@link #QUIET}. */
    private static void awaitQuiet(RecordingStore store, List<Recording> recordings, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        Map<String, String> lastSeen = new HashMap<>();
        boolean waitedOnce = false;
        while (true) {
            List<String> busy = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (Recording r : recordings) {
                String state = stateOf(store.mediaFile(r));
                String before = lastSeen.put(r.id(), state);
                boolean changed = before != null && !before.equals(state);
                if (state != null && (changed || now - modifiedMillis(state) < QUIET.toMillis())) {
                    busy.add(r.id());
                }
            }
            if (busy.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                LOG.warn("Recording file(s) {} still changing after {} ms; checking them as they are", busy, bound.toMillis());
                return;
            }
            if (!waitedOnce) {
                LOG.info("Waiting for the recorder(s) of the previous server to finish {}", busy);
                waitedOnce = true;
            }
            try {
                Thread.sleep(POLL_MILLIS); // polling the file system: there is nothing to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** "size:modifiedMillis", or null if the file is absent. */
    private static String stateOf(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.size() + ":" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return null;
        }
    }

    private static long modifiedMillis(String state) {
        return Long.parseLong(state.substring(state.indexOf(':') + 1));
    }
}
