package dev.ovstub.server.internal.recorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frames of an OpenVidu 2.x INDIVIDUAL recording: one WebM file (VP8 + Opus) per published stream, for the time
 * it was published, zipped with the {@link IndividualManifest manifest} at the end. Driven by {@link GridRecorder},
 * whose clock it follows: {@link #frame} once per frame slot {@code k} with the layout state of that slot.
 *
 * <ul>
 *   <li>A stream starts at the first slot whose layout shows it (a publisher with its {@code streamId}, or without
 *       one, its connection id) and ends at the first slot that does not: its file holds the frames of those slots,
 *       numbered from 0, and audio up to the end of its last slot. Its offsets are those slots' times, in ms from
 *       the start of the recording, so a file lasts exactly {@code endTimeOffset - startTimeOffset} (to the
 *       millisecond's rounding). A publisher that unpublishes and publishes again gives two files.</li>
 *   <li>Each file shows that publisher alone, full frame at the recording's size and frame rate: its synthetic camera
 *       (its clock counting from the start of the stream), or its media file; and its own tone.</li>
 *   <li>Publishers whose connection asked not to be recorded ({@code record: false}) get no file. The file has audio
 *       when the recording and the stream both do, video likewise.</li>
 *   <li>While recording, the stream files are written in the output's folder as {@code <streamId>.webm}, and the
 *       archive itself is an empty ZIP (so it exists from the start); at the end they go into the archive, which
 *       replaces the empty one at once, and are deleted.</li>
 * </ul>
 * Not thread-safe: the recording thread drives it.
 */
final class IndividualStreams {
    private static final Logger log = LoggerFactory.getLogger(IndividualStreams.class);
    static final String EXTENSION = ".webm";

    private final RecorderConfig config;
    private final Path folder;
    private final Map<String, Stream> open = new LinkedHashMap<>();
    private final List<IndividualManifest.StreamFile> done = new ArrayList<>();
    private final Set<String> namesUsed = new HashSet<>();
    private final ByteBuffer frameBuffer;
    private final short[] audioScratch = new short[4800];
    private LayoutState lastState;
    private List<Publisher> recorded = List.of();

    /** One stream being recorded. */
    private final class Stream {
        final Publisher publisher;
        final String fileName;
        final long firstSlot;
        final boolean audio;
        final boolean video;
        final FrameComposer composer;
        final AudioMixer mixer;
        final MediaEncoder encoder;

        Stream(Publisher p, String fileName, long firstSlot) {
            this.publisher = p;
            this.fileName = fileName;
            this.firstSlot = firstSlot;
            this.audio = config.hasAudio() && (p.stream() == null || p.stream().audio());
            boolean v = config.hasVideo() && (p.stream() == null || p.stream().video());
            // A stream with neither track (an audio-only stream in a video-only recording) still gets a file: video.
            this.video = v || !audio;
            this.mixer = new AudioMixer(config.audioSampleRate(), audio);
            mixer.setPublishers(List.of(p));
            FrameComposer c = null;
            MediaEncoder e = null;
            try {
                if (video) {
                    c = new FrameComposer(config.width(), config.height());
                    c.waitForMedia(waitForMedia);
                    c.layout(List.of(p), 0);
                }
                e = new WebmEncoder(folder.resolve(fileName), config, audio, video);
                e.open();
            } catch (RuntimeException ex) {
                if (c != null) c.close();
                mixer.close();
                throw ex;
            }
            this.composer = c;
            this.encoder = e;
        }

        void write(long slot) {
            long k = slot - firstSlot;
            if (video) {
                composer.compose(k * 1_000_000L / config.frameRate(), frameBuffer);
                encoder.writeVideo(k, frameBuffer);
            }
            encoder.writeAudioUpTo((k + 1) * config.audioSampleRate() / config.frameRate(), mixer, audioScratch);
        }

        IndividualManifest.StreamFile finish(long endSlot) {
            try {
                if (composer != null) composer.close();
                mixer.close();
                encoder.finish();
            } catch (RuntimeException e) {
                encoder.release();
                throw e;
            }
            Publisher.StreamInfo s = publisher.stream();
            long size;
            try {
                size = Files.size(folder.resolve(fileName));
            } catch (IOException e) {
                throw new RecorderException("stream file " + fileName + " is gone: " + e.getMessage(), e);
            }
            return new IndividualManifest.StreamFile(fileName, publisher.id(), s == null ? null : s.streamId(), size,
                    publisher.metadata(), s == null ? "" : nullToEmpty(s.serverData()), audio, video,
                    video ? (s == null || s.typeOfVideo() == null ? "CAMERA" : s.typeOfVideo()) : null,
                    slotMillis(firstSlot), slotMillis(endSlot));
        }

        void abort() {
            if (composer != null) composer.close();
            mixer.close();
            encoder.release();
        }
    }

    private boolean waitForMedia;

    IndividualStreams(RecorderConfig config) {
        this.config = config;
        Path abs = config.output().toAbsolutePath();
        this.folder = abs.getParent();
        this.frameBuffer = ByteBuffer.allocateDirect(config.width() * config.height() * 3 / 2);
    }

    /** Whether media cameras wait for the picture due (offline) or never wait (live). */
    /** Whether the empty archive (the "started" signal) has been written. */
    private boolean archiveStarted;

    void waitForMedia(boolean wait) {
        this.waitForMedia = wait;
    }

    /**
     * Nothing is written yet: the empty archive, which says "started", is written once the first layout state from
     * the server has been drawn, so that every stream published at the start already holds its first frame (a
     * recording stopped right after its start then still has its streams).
     */
    void begin() {
        archiveStarted = false;
    }

    private void startArchive() {
        try {
            IndividualManifest.writeEmptyArchive(config.output());
        } catch (IOException e) {
            throw new RecorderException("cannot create " + config.output() + ": " + e.getMessage(), e);
        }
        archiveStarted = true;
    }

    /** Number of streams recorded so far, finished or not. */
    int streams() {
        return done.size() + open.size();
    }

    /** Records frame slot {@code k} of every stream {@code state} shows (null: the last state again). */
    void frame(long k, LayoutState state) {
        if (state != null && state != lastState) {
            lastState = state;
            List<Publisher> now = state.publishers().stream().filter(Publisher::recordedIndividually).toList();
            if (!now.equals(recorded)) {
                recorded = now;
                Map<String, Publisher> byKey = new LinkedHashMap<>();
                for (Publisher p : now) byKey.putIfAbsent(key(p), p);
                for (var it = open.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (!byKey.containsKey(e.getKey())) {
                        it.remove();
                        end(e.getValue(), k);
                    }
                }
                for (var e : byKey.entrySet()) {
                    if (!open.containsKey(e.getKey())) {
                        Publisher p = e.getValue();
                        Stream s = new Stream(p, fileName(p), k);
                        open.put(e.getKey(), s);
                        log.info("Stream {} of {} recorded from {} ms into {}", e.getKey(), p.id(), slotMillis(k), s.fileName);
                    }
                }
            }
        }
        for (Stream s : open.values()) s.write(k);
        if (!archiveStarted && lastState != null && lastState != LayoutState.EMPTY) {
            startArchive();
        }
    }

    /** Ends every stream at slot {@code endSlot} (exclusive), writes the archive and deletes the stream files. */
    void finish(long endSlot) {
        RuntimeException failure = null;
        for (Stream s : open.values()) {
            try {
                done.add(s.finish(endSlot));
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
            }
        }
        open.clear();
        if (failure != null) throw failure;
        done.sort(java.util.Comparator.comparingLong(IndividualManifest.StreamFile::startTimeOffset));
        IndividualManifest manifest = new IndividualManifest(config.individual(), done);
        try {
            manifest.writeArchive(config.output(), folder);
        } catch (IOException e) {
            throw new RecorderException("cannot write the archive " + config.output() + ": " + e.getMessage(), e);
        }
        for (IndividualManifest.StreamFile f : done) {
            try {
                Files.deleteIfExists(folder.resolve(f.name()));
            } catch (IOException e) {
                log.warn("Cannot delete {} (it is in the archive): {}", f.name(), e.toString());
            }
        }
        log.info("Archive {}: {} stream files, {} bytes of media", config.output().getFileName(), done.size(),
                manifest.totalSize());
    }

    /** Frees everything without writing the archive (a failed recording keeps its stream files as they are). */
    void abort() {
        for (Stream s : open.values()) s.abort();
        open.clear();
    }

    private void end(Stream s, long endSlot) {
        done.add(s.finish(endSlot));
        log.info("Stream {} ended at {} ms", s.fileName, slotMillis(endSlot));
    }

    private long slotMillis(long slot) {
        return Math.round(slot * 1000.0 / config.frameRate());
    }

    private static String key(Publisher p) {
        return p.stream() != null && p.stream().streamId() != null ? p.stream().streamId() : p.id();
    }

    private String fileName(Publisher p) {
        String base = safe(key(p));
        String name = base + EXTENSION;
        for (int i = 1; !namesUsed.add(name); i++) name = base + "-" + i + EXTENSION;
        return name;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9_.~-]", "_");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
