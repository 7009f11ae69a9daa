package dev.ovstub.server.internal.recorder;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A browser's live stream as a tile's camera: the latest picture a media worker decoded ({@link LiveFrames}),
 * fetched on a daemon thread of its own at the recording's pace and scaled to the tile (fit or cover, nearest
 * neighbour: the source changes size as the browser adapts its bitrate, and each picture is scaled as it comes). A
 * stream that sends nothing for {@link #STALE_MILLIS} (or has not sent yet) shows "no video" on dark grey.
 */
final class LiveCamera implements TileCamera {
    private static final Logger log = LoggerFactory.getLogger(LiveCamera.class);
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    /** A stream with no new picture for this long is shown as stopped ("no video"). */
    static final long STALE_MILLIS = LiveFrames.STALE_MILLIS;

    private final URI source;
    private final int tileWidth;
    private final int tileHeight;
    private final boolean cover;
    private final long periodMillis;
    private final Thread thread;
    private volatile MediaCamera.Picture latest;
    private volatile long latestAt;
    private volatile boolean closed;

    /** @param media {@code live:http://...} of the layout state */
    LiveCamera(String media, int tileWidth, int tileHeight, boolean cover, int frameRate) {
        this.source = URI.create(media.substring(LiveFrames.PREFIX.length()));
        this.tileWidth = tileWidth;
        this.tileHeight = tileHeight;
        this.cover = cover;
        this.periodMillis = Math.max(10, 1000 / Math.max(1, frameRate));
        this.thread = new Thread(this::run, "ovstub-live-camera-" + THREAD_IDS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    static boolean isLive(String media) {
        return media != null && media.startsWith(LiveFrames.PREFIX);
    }

    @Override
    public MediaCamera.Picture pictureAt(long clipMicros) {
        MediaCamera.Picture p = latest;
        if (p != null && System.nanoTime() - latestAt < STALE_MILLIS * 1_000_000) {
            return p;
        }
        MediaCamera.Picture notice = noVideo;
        if (notice == null) {
            noVideo = notice = noVideoPicture(tileWidth & ~1, tileHeight & ~1);
        }
        return notice;
    }

    /** What a tile shows while its stream sends nothing: dark grey, "no video" in the middle. */
    private volatile MediaCamera.Picture noVideo;

    private static MediaCamera.Picture noVideoPicture(int w, int h) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D g = img.createGraphics();
        try {
            g.setColor(new java.awt.Color(48, 48, 48));
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, Math.max(10, h / 12)));
            String text = "no video";
            java.awt.FontMetrics m = g.getFontMetrics();
            g.setColor(java.awt.Color.LIGHT_GRAY);
            g.drawString(text, (w - m.stringWidth(text)) / 2, (h + m.getAscent() - m.getDescent()) / 2);
        } catch (java.awt.AWTError | RuntimeException noFonts) {
            // a headless machine without fonts: the grey alone says it
        } finally {
            g.dispose();
        }
        byte[] bgr = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        MediaCamera.Picture p = new MediaCamera.Picture();
        p.width = w;
        p.height = h;
        p.yuv = new byte[w * h * 3 / 2];
        I420.fromBgr(bgr, w, h, new GridLayout.Rect(0, 0, w, h), p.yuv);
        return p;
    }

    @Override
    public int tileWidth() {
        return tileWidth;
    }

    @Override
    public int tileHeight() {
        return tileHeight;
    }

    @Override
    public boolean cover() {
        return cover;
    }

    @Override
    public boolean failed() {
        return false; // a live stream that stops is shown stopped, not replaced by the synthetic camera
    }

    @Override
    public String failure() {
        return null;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    @Override
    public void join(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long[] lastSequence = {-1};
        LiveRequests.poll(() -> closed, periodMillis, () -> source, (c, yuv) -> {
            long sequence = Long.parseLong(c.getHeaderField(LiveFrames.SEQUENCE_HEADER));
            int w = Integer.parseInt(c.getHeaderField(LiveFrames.WIDTH_HEADER));
            int h = Integer.parseInt(c.getHeaderField(LiveFrames.HEIGHT_HEADER));
            long age = Long.parseLong(c.getHeaderField(LiveFrames.AGE_HEADER));
            if (sequence != lastSequence[0] && yuv.length == w * h * 3 / 2) {
                lastSequence[0] = sequence;
                latest = scaled(yuv, w, h);
                latestAt = System.nanoTime() - age * 1_000_000;
            }
        }, log, "Live stream", "shown black");
    }

    /** The picture scaled to the tile (fit inside it, or cover it), nearest neighbour, even sizes. */
    private MediaCamera.Picture scaled(byte[] src, int w, int h) {
        int[] size = cover ? MediaCamera.cover(w, h, 1.0, tileWidth, tileHeight) : MediaCamera.fit(w, h, 1.0, tileWidth, tileHeight);
        int tw = size[0];
        int th = size[1];
        MediaCamera.Picture p = new MediaCamera.Picture();
        p.width = tw;
        p.height = th;
        p.yuv = new byte[tw * th * 3 / 2];
        scalePlane(src, 0, w, h, p.yuv, 0, tw, th);
        scalePlane(src, w * h, w / 2, h / 2, p.yuv, tw * th, tw / 2, th / 2);
        scalePlane(src, w * h + (w / 2) * (h / 2), w / 2, h / 2, p.yuv, tw * th + (tw / 2) * (th / 2), tw / 2, th / 2);
        return p;
    }

    private static void scalePlane(byte[] src, int srcOff, int sw, int sh, byte[] dst, int dstOff, int dw, int dh) {
        int[] xs = new int[dw];
        for (int x = 0; x < dw; x++) {
            xs[x] = (int) ((long) x * sw / dw);
        }
        for (int y = 0; y < dh; y++) {
            int sRow = srcOff + (int) ((long) y * sh / dh) * sw;
            int dRow = dstOff + y * dw;
            for (int x = 0; x < dw; x++) {
                dst[dRow + x] = src[sRow + xs[x]];
            }
        }
    }
}
