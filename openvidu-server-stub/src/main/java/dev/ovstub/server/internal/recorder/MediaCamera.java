package dev.ovstub.server.internal.recorder;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * A publisher's media file (local path, {@code file:} URI or http(s) URL) decoded as its camera,
 * for one tile size, on a daemon thread of its own.
 *
 * <h2>Timeline</h2>
 * The clip is looped without end; <em>clip time</em> counts from the start of the first pass and
 * keeps growing across loops (a pass lasts from 0 to its last frame's timestamp plus one frame
 * interval). The renderer asks for the picture at a clip time ({@link #pictureAt}): the latest
 * decoded picture whose clip time is not after it, held until a newer one is due.
 *
 * <h2>Threads</h2>
 * The decode thread opens the media, lets FFmpeg scale it to the fitted size ({@link #fit}) and
 * convert it to YUV420P, copies each picture into one of five pooled buffers and hands it over
 * through a queue of two: it runs at most two pictures ahead, then waits. When it falls behind the
 * clip time the renderer last asked for, it decodes without scaling the pictures that would be
 * superseded anyway (skips them). Only the renderer calls {@link #pictureAt} and {@link #close}.
 * <ul>
 *   <li>Live ({@code waitForPictures = false}): {@link #pictureAt} never waits; until the first
 *       picture arrives it returns null.</li>
 *   <li>Offline: {@link #pictureAt} waits until the picture for that clip time is known (the next
 *       one is decoded, or the decoder stopped), so recordings are reproducible.</li>
 * </ul>
 * A media that cannot be opened or decoded makes the camera {@link #failed()} (logged once as a
 * WARN by the composer); the tile falls back to the synthetic camera. Audio is ignored.
 */
final class MediaCamera implements TileCamera {
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    /** How long an offline render waits for one picture before it gives up on the media. */
    private static final long OFFLINE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);
    /** Seek instead of decoding forward when the start position is further into the clip. */
    private static final long SEEK_THRESHOLD_MICROS = 3_000_000;
    private static final long NONE = Long.MIN_VALUE;
    private static final int POOL = 5; // 2 queued, 1 pending, 1 shown, 1 being decoded

    /** A decoded picture: packed YUV420P ({@code width x height}, even), at clip time {@code clipMicros}. */
    static final class Picture {
        byte[] yuv = new byte[0];
        int width;
        int height;
        long clipMicros;
    }

    private final String media;
    private final int tileWidth;
    private final int tileHeight;
    private final boolean cover;
    private final boolean waitForPictures;
    private final ArrayBlockingQueue<Picture> ready = new ArrayBlockingQueue<>(2);
    private final ArrayBlockingQueue<Picture> free = new ArrayBlockingQueue<>(POOL);
    private final Thread thread;
    private volatile long wantedMicros;
    private volatile boolean closed;
    private volatile boolean stopped;
    private volatile String failure;
    private volatile long skipped;
    private Picture current; // renderer's: shown now
    private Picture pending; // renderer's: taken from the queue, not due yet

    /**
     * Starts decoding at once.
     *
     * @param media           the publisher's {@code media} value
     * @param tileWidth       tile size in pixels, even
     * @param tileHeight      tile size in pixels, even
     * @param startClipMicros clip time of the first picture that will be asked for (0 for a new
     *                        publisher; further on when a tile is resized and the clip continues)
     * @param waitForPictures offline rendering: {@link #pictureAt} waits for the decoder
     */
    MediaCamera(String media, int tileWidth, int tileHeight, long startClipMicros, boolean waitForPictures) {
        this(media, tileWidth, tileHeight, false, startClipMicros, waitForPictures);
    }

    /**
     * Starts decoding at once.
     *
     * @param media           the publisher's {@code media} value
     * @param tileWidth       tile size in pixels, even
     * @param tileHeight      tile size in pixels, even
     * @param cover           scale the picture to cover the tile ({@link #cover(int, int, double, int, int)}; the renderer crops it)
     *                        instead of fitting it inside ({@link #fit})
     * @param startClipMicros clip time of the first picture that will be asked for
     * @param waitForPictures offline rendering: {@link #pictureAt} waits for the decoder
     */
    MediaCamera(String media, int tileWidth, int tileHeight, boolean cover, long startClipMicros,
                boolean waitForPictures) {
        this.media = media;
        this.tileWidth = tileWidth;
        this.tileHeight = tileHeight;
        this.cover = cover;
        this.waitForPictures = waitForPictures;
        this.wantedMicros = Math.max(0, startClipMicros);
        for (int i = 0; i < POOL; i++) free.add(new Picture());
        this.thread = new Thread(this::run, "ovstub-media-" + THREAD_IDS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    String media() {
        return media;
    }

    @Override
    public int tileWidth() {
        return tileWidth;
    }

    @Override
    public int tileHeight() {
        return tileHeight;
    }

    /** Whether pictures cover the tile (and are larger than it) rather than fit inside it. */
    @Override
    public boolean cover() {
        return cover;
    }

    /** True once the media could not be opened or decoded; {@link #failure()} says why. */
    @Override
    public boolean failed() {
        return failure != null;
    }

    @Override
    public String failure() {
        return failure;
    }

    /** Source pictures decoded but not scaled because they were late. */
    long skippedPictures() {
        return skipped;
    }

    /**
     * The picture to show at {@code clipMicros} (never decreasing between calls), or null when none
     * is available yet (live) or the camera failed. The picture stays valid until the next call.
     */
    @Override
    public Picture pictureAt(long clipMicros) {
        wantedMicros = clipMicros;
        long deadline = waitForPictures ? System.nanoTime() + OFFLINE_WAIT_NANOS : 0;
        while (true) {
            boolean decoderDone = stopped; // read before draining: what it queued before stopping is seen
            if (pending == null) pending = ready.poll();
            while (pending != null && pending.clipMicros <= clipMicros) {
                if (current != null) free.offer(current);
                current = pending;
                pending = ready.poll();
            }
            if (pending != null || !waitForPictures || decoderDone) break;
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("no picture for " + clipMicros / 1000 + " ms of the clip within "
                        + TimeUnit.NANOSECONDS.toSeconds(OFFLINE_WAIT_NANOS) + " s");
                close();
                break;
            }
            try {
                pending = ready.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return failed() ? null : current;
    }

    /** Stops the decoder without waiting for it (it releases FFmpeg on its own thread). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    /** Waits up to {@code millis} for the decode thread to end (after {@link #close()}). */
    @Override
    public void join(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --------------------------------------------------------------------------------------------- decode thread

    private void fail(String why) {
        if (failure == null) failure = why;
    }

    private void run() {
        FFmpegFrameGrabber g = null;
        try {
            g = open(media);
            decode(g);
        } catch (InterruptedException e) {
            // closed
        } catch (Throwable e) {
            if (!closed) fail(e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            stopped = true;
            if (g != null) {
                try {
                    g.release();
                } catch (Throwable ignored) {
                    // nothing more to do
                }
            }
        }
    }

    /** Where {@code media} points: a local file (must be readable) or an http(s) URL. */
    static String location(String media) {
        String m = media.trim();
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) return m;
        Path p;
        if (lower.startsWith("file:")) {
            p = Path.of(URI.create(m));
        } else if (m.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
            throw new IllegalArgumentException("unsupported media URL (only files and http(s)): " + m);
        } else {
            p = Path.of(m);
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new IllegalArgumentException("media file not found or not readable: " + p);
        }
        return p.toAbsolutePath().toString();
    }

    private FFmpegFrameGrabber open(String media) throws Exception {
        Ffmpeg.init();
        String where = location(media);
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(where);
        if (where.contains("://")) {
            g.setOption("rw_timeout", "10000000"); // 10 s, in microseconds
        }
        g.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        try {
            g.start(true);
        } catch (Exception e) {
            g.release();
            throw new IllegalStateException("cannot open: " + e.getMessage(), e);
        }
        if (g.getVideoStream() < 0 || g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            g.release();
            throw new IllegalStateException("no video stream");
        }
        return g;
    }

    private void decode(FFmpegFrameGrabber g) throws Exception {
        double sar = g.getAspectRatio();
        int[] size = cover
                ? cover(g.getImageWidth(), g.getImageHeight(), sar > 0 ? sar : 1, tileWidth, tileHeight)
                : fit(g.getImageWidth(), g.getImageHeight(), sar > 0 ? sar : 1, tileWidth, tileHeight);
        g.setImageWidth(size[0]);
        g.setImageHeight(size[1]);
        double rate = g.getFrameRate();
        boolean rateKnown = rate >= 1 && rate <= 240;
        long interval = rateKnown ? Math.round(1e6 / rate) : 40_000;

        long passOffset = 0;   // clip time of this pass's timestamp 0
        long lastTs = -1;      // timestamp of the last frame of this pass, -1 before the first
        long lastClip = NONE;  // clip time of the last frame decoded
        int emptyPasses = 0;

        long start = wantedMicros;
        long length = g.getLengthInTime();
        if (start > SEEK_THRESHOLD_MICROS && length > 0) {
            long target = start % length;
            passOffset = start - target;
            // A little before: FFmpeg lands on the frame at or after the time asked for.
            long seekTo = target - 3 * interval;
            if (seekTo > 0) g.setTimestamp(seekTo);
        }
        while (!closed) {
            long want = wantedMicros;
            // The next frame is expected at about lastClip + interval; it is superseded if the one
            // after it is due too (half an interval of margin for rounding).
            boolean needed = lastClip == NONE || lastClip + 2 * interval + interval / 2 > want;
            Frame f = g.grabFrame(false, true, needed, false, false);
            if (f == null) {
                if (lastTs < 0) {
                    if (++emptyPasses >= 2) throw new IllegalStateException("no video frames");
                } else {
                    passOffset += lastTs + interval;
                    emptyPasses = 0;
                }
                lastTs = -1;
                rewind(g);
                continue;
            }
            long ts = Math.max(0, f.timestamp);
            long clip = passOffset + ts;
            if (lastClip != NONE && clip <= lastClip) continue; // a duplicate after a seek
            if (!rateKnown && lastTs >= 0 && ts > lastTs) interval = ts - lastTs;
            lastTs = ts;
            lastClip = clip;
            if (!needed || f.image == null) {
                skipped++;
                continue;
            }
            Picture p = free.take();
            copy(f, p);
            p.clipMicros = clip;
            ready.put(p);
        }
    }

    private static void rewind(FFmpegFrameGrabber g) throws Exception {
        try {
            g.setTimestamp(0);
        } catch (Exception e) {
            g.restart();
        }
    }

    /** Copies the three planes of a YUV420P frame (rows padded to its stride) into packed planes. */
    private static void copy(Frame f, Picture p) {
        int w = f.imageWidth;
        int h = f.imageHeight;
        int stride = f.imageStride;
        int cw = w / 2;
        int ch = h / 2;
        int cstride = (stride + 1) / 2;
        int size = w * h + 2 * cw * ch;
        if (p.yuv.length != size) p.yuv = new byte[size];
        ByteBuffer b = ((ByteBuffer) f.image[0]).duplicate();
        b.limit(b.capacity());
        byte[] dst = p.yuv;
        for (int y = 0; y < h; y++) {
            b.position(y * stride);
            b.get(dst, y * w, w);
        }
        int uSrc = stride * h;
        int vSrc = uSrc + cstride * ((h + 1) / 2);
        int uDst = w * h;
        int vDst = uDst + cw * ch;
        for (int y = 0; y < ch; y++) {
            b.position(uSrc + y * cstride);
            b.get(dst, uDst + y * cw, cw);
            b.position(vSrc + y * cstride);
            b.get(dst, vDst + y * cw, cw);
        }
        p.width = w;
        p.height = h;
    }

    /**
     * The size a {@code srcW x srcH} picture (pixel aspect {@code sar}) is scaled to in a
     * {@code tileW x tileH} tile: as large as fits with the display aspect kept, even width and
     * height; the whole tile when the aspects differ by less than 1 %.
     */
    static int[] fit(int srcW, int srcH, double sar, int tileW, int tileH) {
        return scaled(srcW, srcH, sar, tileW, tileH, false);
    }

    /**
     * The size a {@code srcW x srcH} picture (pixel aspect {@code sar}) is scaled to so that it covers a
     * {@code tileW x tileH} tile (CSS {@code object-fit: cover}; the renderer crops its middle): the smallest with
     * the display aspect kept that is at least the tile in both directions, even width and height; the tile itself
     * when the aspects differ by less than 1 %.
     */
    static int[] cover(int srcW, int srcH, double sar, int tileW, int tileH) {
        return scaled(srcW, srcH, sar, tileW, tileH, true);
    }

    private static int[] scaled(int srcW, int srcH, double sar, int tileW, int tileH, boolean cover) {
        double aspect = srcW * sar / srcH;
        double tileAspect = (double) tileW / tileH;
        if (Math.abs(aspect / tileAspect - 1) < 0.01) return new int[] {tileW, tileH};
        int w;
        int h;
        if (cover) {
            if (aspect > tileAspect) {
                h = tileH;
                w = (int) Math.ceil(tileH * aspect);
            } else {
                w = tileW;
                h = (int) Math.ceil(tileW / aspect);
            }
            return new int[] {Math.max(tileW, (w + 1) & ~1), Math.max(tileH, (h + 1) & ~1)};
        }
        if (aspect > tileAspect) {
            w = tileW;
            h = (int) Math.round(tileW / aspect);
        } else {
            h = tileH;
            w = (int) Math.round(tileH * aspect);
        }
        w = Math.max(2, Math.min(tileW, w & ~1));
        h = Math.max(2, Math.min(tileH, h & ~1));
        return new int[] {w, h};
    }
}
