package dev.ovstub.server.internal.recorder;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws the BEST_FIT grid of synthetic cameras into YUV 4:2:0 frames.
 *
 * <p>Each tile ({@link GridLayout}) is a synthetic camera: background {@link TileColors#colorFor},
 * the publisher id (top left, bold) and metadata (under it), a clock with the recording's elapsed
 * time (top right) and a white ball bouncing left and right across the lower part of the tile
 * (centre at 80 % of the tile height, one round trip every 3 s). The middle of the tile (at least
 * 30 % to 70 % of its width and height) is always plain background colour.
 *
 * <p>Cost: the static part (background, texts) is drawn with Java2D into a BGR image and converted
 * to YUV only when the layout changes. Each frame then copies that YUV frame and redraws only the
 * small dirty rectangles (ball, clock) of each tile, in BGR with Java2D, converting just those
 * rectangles. Colour conversion: BT.601, limited range ("tv"), integer arithmetic; chroma is the
 * average of each 2x2 block.
 *
 * <h2>Media cameras</h2>
 * A publisher with a {@link Publisher#media() media} shows that file's video instead (a
 * {@link MediaCamera} per such tile, decoding on its own thread): scaled to the tile with its
 * aspect kept (black bars if it differs from 16:9), looped, clip time 0 at the frame where the
 * publisher appeared; the id and metadata stay on top, on a label of the tile colour (copied from
 * the static layer). No ball or clock on such tiles; black until the first picture is decoded
 * (live only). A camera survives layout changes that keep its tile size; a resized tile gets a new
 * camera that continues the clip where it was. A media that cannot be opened or decoded is logged
 * once (WARN) and the tile falls back to the synthetic camera for the rest of the recording. The
 * publisher's audio stays its tone. Synthetic tiles cost nothing more per frame than before.
 *
 * <p>Not thread-safe; {@link #close()} stops the media cameras.
 */
final class FrameComposer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FrameComposer.class);
    private static final long BALL_PERIOD_MICROS = 3_000_000;

    private final int width;
    private final int height;
    private final BufferedImage staticImage;
    private final byte[] staticBgr;
    private final BufferedImage workImage;
    private final byte[] workBgr;
    private final Graphics2D work;
    private final byte[] staticYuv;
    private final byte[] frameYuv;
    private final char[] clock = new char[16];
    private Tile[] tiles = new Tile[0];
    private boolean waitForMedia = true;
    private final Set<String> failedMedia = new HashSet<>();

    FrameComposer(int width, int height) {
        if (width % 2 != 0 || height % 2 != 0 || width < 16 || height < 16) {
            throw new IllegalArgumentException("frame size must be even and at least 16x16: " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.staticImage = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        this.staticBgr = ((DataBufferByte) staticImage.getRaster().getDataBuffer()).getData();
        this.workImage = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        this.workBgr = ((DataBufferByte) workImage.getRaster().getDataBuffer()).getData();
        this.work = workImage.createGraphics();
        work.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        work.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        this.staticYuv = new byte[width * height * 3 / 2];
        this.frameYuv = new byte[staticYuv.length];
        layout(List.of());
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Size in bytes of one YUV420P frame. */
    int frameBytes() {
        return frameYuv.length;
    }

    /**
     * Whether {@link #compose} waits for media cameras to decode the picture due (offline,
     * reproducible: the default) or never waits (live: a late camera holds its last picture).
     * Applies to cameras opened afterwards.
     */
    void waitForMedia(boolean wait) {
        this.waitForMedia = wait;
    }

    /** Same as {@code layout(publishers, 0)}. */
    void layout(List<Publisher> publishers) {
        layout(publishers, 0);
    }

    /**
     * Lays the grid out again for these publishers, at media time {@code mediaTimeMicros}, and
     * redraws the static part. Media cameras of publishers that stay (same id and media) keep their
     * clip time; the others are opened (clip time 0 now) or closed.
     */
    void layout(List<Publisher> publishers, long mediaTimeMicros) {
        Map<String, Tile> previous = new HashMap<>();
        for (Tile t : tiles) {
            if (t.camera != null) previous.put(t.mediaKey, t);
        }
        List<GridLayout.Rect> rects = GridLayout.bestFit(publishers.size(), width, height);
        Graphics2D g = staticImage.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, width, height);
            Tile[] newTiles = new Tile[rects.size()];
            for (int i = 0; i < newTiles.length; i++) {
                newTiles[i] = drawStaticTile(g, publishers.get(i), rects.get(i));
            }
            for (Tile t : newTiles) {
                if (t.mediaKey != null) attachCamera(t, previous.remove(t.mediaKey), mediaTimeMicros);
            }
            tiles = newTiles;
        } finally {
            g.dispose();
        }
        for (Tile old : previous.values()) old.camera.close();
        System.arraycopy(staticBgr, 0, workBgr, 0, staticBgr.length);
        I420.fromBgr(staticBgr, width, height, new GridLayout.Rect(0, 0, width, height), staticYuv);
    }

    private void attachCamera(Tile t, Tile old, long now) {
        String media = t.publisher.media();
        if (old != null && old.camera.tileWidth() == t.rect.width() && old.camera.tileHeight() == t.rect.height()) {
            t.camera = old.camera;
            t.origin = old.origin;
            return;
        }
        if (old != null) old.camera.close();
        if (failedMedia.contains(t.mediaKey)) return;
        try {
            MediaCamera.location(media);
        } catch (RuntimeException e) {
            mediaFailed(t, e.getMessage());
            return;
        }
        t.origin = old != null ? old.origin : now;
        t.camera = new MediaCamera(media, t.rect.width(), t.rect.height(), now - t.origin, waitForMedia);
    }

    private void mediaFailed(Tile t, String why) {
        if (failedMedia.add(t.mediaKey)) {
            log.warn("Media of publisher {} ({}) cannot be shown, synthetic camera instead: {}",
                    t.publisher.id(), t.publisher.media(), why);
        }
    }

    private Tile drawStaticTile(Graphics2D g, Publisher p, GridLayout.Rect r) {
        Tile t = new Tile(r, p);
        g.setClip(r.x(), r.y(), r.width(), r.height());
        g.setColor(new Color(TileColors.colorFor(p.id())));
        g.fillRect(r.x(), r.y(), r.width(), r.height());
        int fs = Math.max(9, Math.min(48, r.height() / 14));
        int pad = Math.max(2, fs / 3);
        t.pad = pad;
        try {
            Font idFont = new Font(Font.SANS_SERIF, Font.BOLD, fs);
            Font metaFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, fs * 4 / 5));
            t.clockFont = new Font(Font.MONOSPACED, Font.BOLD, fs);
            FontMetrics fm = g.getFontMetrics(idFont);
            int y = r.y() + pad + fm.getAscent();
            shadowed(g, idFont, p.id(), r.x() + pad, y);
            int textW = fm.stringWidth(p.id());
            int textBottom = y + fm.getDescent();
            if (!p.metadata().isEmpty()) {
                FontMetrics mm = g.getFontMetrics(metaFont);
                shadowed(g, metaFont, p.metadata(), r.x() + pad, y + fm.getDescent() + mm.getAscent());
                textW = Math.max(textW, mm.stringWidth(p.metadata()));
                textBottom = y + fm.getDescent() + mm.getAscent() + mm.getDescent();
            }
            if (t.mediaKey != null) {
                t.label = clamp(r, r.x(), r.y(), textW + 2 * pad + 1, textBottom - r.y() + pad / 2 + 1);
            }
            FontMetrics cm = g.getFontMetrics(t.clockFont);
            int cw = cm.stringWidth("00:00:00.0") + 2 * pad;
            int ch = cm.getAscent() + cm.getDescent() + pad;
            int cx = r.x() + r.width() - cw;
            t.clock = clamp(r, cx, r.y(), cw, ch);
            t.clockBaselineX = r.x() + r.width() - pad - cm.stringWidth("00:00:00.0");
            t.clockBaselineY = r.y() + pad / 2 + cm.getAscent();
        } catch (RuntimeException | Error e) {
            // No usable font (a minimal system without fontconfig): tiles without text.
            t.clockFont = null;
            t.clock = null;
        }
        int d = Math.max(6, r.height() / 8) & ~1;
        t.ballDiameter = d;
        t.ballMinX = r.x() + pad;
        t.ballMaxX = Math.max(t.ballMinX, r.x() + r.width() - pad - d - 2);
        t.ballY = Math.min(r.y() + r.height() - d - 2, r.y() + r.height() * 4 / 5 - d / 2) & ~1;
        g.setClip(null);
        return t;
    }

    private static void shadowed(Graphics2D g, Font f, String s, int x, int y) {
        g.setFont(f);
        g.setColor(new Color(0, 0, 0, 160));
        g.drawString(s, x + 1, y + 1);
        g.setColor(Color.WHITE);
        g.drawString(s, x, y);
    }

    /** Draws the frame at {@code mediaTimeMicros} into the internal YUV buffer and copies it to {@code out}. */
    void compose(long mediaTimeMicros, ByteBuffer out) {
        System.arraycopy(staticYuv, 0, frameYuv, 0, staticYuv.length);
        int clockLen = formatClock(mediaTimeMicros);
        for (Tile t : tiles) {
            if (t.camera != null && drawMedia(t, mediaTimeMicros)) continue;
            // ball
            long phase = mediaTimeMicros % BALL_PERIOD_MICROS;
            double tri = phase < BALL_PERIOD_MICROS / 2 ? 2.0 * phase / BALL_PERIOD_MICROS
                    : 2.0 - 2.0 * phase / BALL_PERIOD_MICROS;
            int bx = (t.ballMinX + (int) Math.round(tri * (t.ballMaxX - t.ballMinX))) & ~1;
            GridLayout.Rect ball = clamp(t.rect, bx, t.ballY, t.ballDiameter + 2, t.ballDiameter + 2);
            restore(ball);
            work.setClip(ball.x(), ball.y(), ball.width(), ball.height());
            work.setColor(Color.WHITE);
            work.fillOval(bx + 1, t.ballY + 1, t.ballDiameter, t.ballDiameter);
            work.setColor(Color.DARK_GRAY);
            work.setStroke(THIN);
            work.drawOval(bx + 1, t.ballY + 1, t.ballDiameter - 1, t.ballDiameter - 1);
            I420.fromBgr(workBgr, width, height, ball, frameYuv);
            // clock
            if (t.clock != null) {
                GridLayout.Rect c = t.clock;
                restore(c);
                work.setClip(c.x(), c.y(), c.width(), c.height());
                work.setFont(t.clockFont);
                work.setColor(Color.BLACK);
                work.drawChars(clock, 0, clockLen, t.clockBaselineX + 1, t.clockBaselineY + 1);
                work.setColor(Color.WHITE);
                work.drawChars(clock, 0, clockLen, t.clockBaselineX, t.clockBaselineY);
                I420.fromBgr(workBgr, width, height, c, frameYuv);
            }
        }
        work.setClip(null);
        out.clear();
        out.put(frameYuv);
        out.flip();
    }

    private static final BasicStroke THIN = new BasicStroke(1f);

    /** Draws a media tile; false when its camera failed (the tile is synthetic from now on). */
    private boolean drawMedia(Tile t, long mediaTimeMicros) {
        MediaCamera.Picture p = t.camera.pictureAt(mediaTimeMicros - t.origin);
        if (t.camera.failed()) {
            mediaFailed(t, t.camera.failure());
            t.camera.close();
            t.camera = null;
            return false;
        }
        GridLayout.Rect r = t.rect;
        if (p == null || p.width != r.width() || p.height != r.height()) {
            I420.fillBlack(frameYuv, width, height, r);
        }
        if (p != null && p.width <= r.width() && p.height <= r.height()) {
            int x = r.x() + ((r.width() - p.width) / 2 & ~1);
            int y = r.y() + ((r.height() - p.height) / 2 & ~1);
            I420.copyPicture(p.yuv, p.width, p.height, frameYuv, width, height, x, y);
        }
        if (t.label != null) I420.copyRect(staticYuv, frameYuv, width, height, t.label);
        return true;
    }

    /** Stops all media cameras (waits up to a second for each to release FFmpeg). */
    @Override
    public void close() {
        Tile[] current = tiles;
        for (Tile t : current) {
            if (t.camera != null) t.camera.close();
        }
        for (Tile t : current) {
            if (t.camera != null) {
                t.camera.join(1000);
                t.camera = null;
            }
        }
    }

    /** The last composed frame (YUV420P), for tests. */
    byte[] lastFrame() {
        return frameYuv;
    }

    private int formatClock(long micros) {
        long tenths = micros / 100_000;
        long h = tenths / 36_000;
        long m = (tenths / 600) % 60;
        long s = (tenths / 10) % 60;
        int i = 0;
        clock[i++] = (char) ('0' + (h / 10) % 10);
        clock[i++] = (char) ('0' + h % 10);
        clock[i++] = ':';
        clock[i++] = (char) ('0' + m / 10);
        clock[i++] = (char) ('0' + m % 10);
        clock[i++] = ':';
        clock[i++] = (char) ('0' + s / 10);
        clock[i++] = (char) ('0' + s % 10);
        clock[i++] = '.';
        clock[i++] = (char) ('0' + tenths % 10);
        return i;
    }

    /** Copies a rectangle of the static image into the work image. */
    private void restore(GridLayout.Rect r) {
        int rowBytes = r.width() * 3;
        for (int y = r.y(); y < r.y() + r.height(); y++) {
            int off = (y * width + r.x()) * 3;
            System.arraycopy(staticBgr, off, workBgr, off, rowBytes);
        }
    }

    /** The rectangle clipped to the tile, with even coordinates and sizes. */
    private static GridLayout.Rect clamp(GridLayout.Rect tile, int x, int y, int w, int h) {
        int x0 = Math.max(tile.x(), x) & ~1;
        int y0 = Math.max(tile.y(), y) & ~1;
        int x1 = Math.min(tile.x() + tile.width(), x + w + 1) & ~1;
        int y1 = Math.min(tile.y() + tile.height(), y + h + 1) & ~1;
        return new GridLayout.Rect(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }

    private static final class Tile {
        final GridLayout.Rect rect;
        final Publisher publisher;
        /** "id\nmedia" for a publisher with a media, else null. */
        final String mediaKey;
        /** Media tiles: where the id and metadata are (even); null without fonts. */
        GridLayout.Rect label;
        MediaCamera camera;
        /** Media time of clip time 0. */
        long origin;
        int pad;
        Font clockFont;
        GridLayout.Rect clock;
        int clockBaselineX;
        int clockBaselineY;
        int ballDiameter;
        int ballMinX;
        int ballMaxX;
        int ballY;

        Tile(GridLayout.Rect rect, Publisher publisher) {
            this.rect = rect;
            this.publisher = publisher;
            this.mediaKey = publisher.media() == null ? null : publisher.id() + "\n" + publisher.media();
        }
    }
}
