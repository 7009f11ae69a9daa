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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws the publishers' cameras into YUV 4:2:0 frames, in one of two geometries ({@link LayoutState.Geometry}):
 * <ul>
 *   <li>{@code GRID_1_8}: OpenVidu 1.8's BEST_FIT grid ({@link GridLayout}): each camera is letterboxed in its
 *       tile (a synthetic camera is drawn at the tile's size, which is 16:9).</li>
 *   <li>{@code OPENVIDU_2}: the rectangles of OpenVidu 2.x's layout ({@link OpenViduLayoutGeometry}), every edge
 *       moved down to an even pixel; each camera fills its rectangle as CSS {@code object-fit: cover} does: the
 *       camera picture (16:9 for a synthetic camera, the file's own aspect for a media camera) is scaled to the
 *       smallest size that covers the rectangle, centred, and cropped to it. Everything else is black. Tiles are
 *       drawn in the geometry's order, so picture-in-picture's corner tile is over the full-frame one.</li>
 * </ul>
 *
 * <p>Each camera is a synthetic camera: background {@link TileColors#colorFor},
 * the publisher id (top left, bold) and metadata (under it), a clock with the recording's elapsed
 * time (top right) and a white ball bouncing left and right across the lower part of the tile
 * (centre at 80 % of the tile height, one round trip every 3 s). The middle of the tile (at least
 * 30 % to 70 % of its width and height) is always plain background colour. In the 2.x geometry these
 * positions are the camera picture's, so a cropped picture may lose its texts, its clock or the ends of
 * the ball's path, as a cropped webcam would; the middle stays plain.
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
 * publisher appeared (in the 2.x geometry: scaled to cover the tile and cropped); the id and metadata
 * stay on top, on a label of the tile colour (copied from the static layer). No ball or clock on such tiles; black until the first picture is decoded
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
    /** How often a live browser stream's latest picture is fetched (browsers send at most 30 fps; fake cameras 20). */
    static final int LIVE_POLLS_PER_SECOND = 25;

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

    /** The 1.8 grid: {@code layout(GRID_1_8, BEST_FIT, publishers, mediaTimeMicros)}. */
    void layout(List<Publisher> publishers, long mediaTimeMicros) {
        layout(LayoutState.Geometry.GRID_1_8, OpenViduLayoutGeometry.Layout.BEST_FIT, publishers, mediaTimeMicros);
    }

    /**
     * Lays the publishers out again, at media time {@code mediaTimeMicros}, and redraws the static
     * part. Media cameras of publishers that stay (same id and media, same tile size and fit) keep
     * their clip time; the others are opened (clip time 0 now) or closed.
     *
     * @param layout the 2.x layout; ignored by the {@code GRID_1_8} geometry
     */
    void layout(LayoutState.Geometry geometry, OpenViduLayoutGeometry.Layout layout, List<Publisher> publishers,
                long mediaTimeMicros) {
        Map<String, Tile> previous = new HashMap<>();
        for (Tile t : tiles) {
            if (t.camera != null) previous.put(t.mediaKey, t);
        }
        List<Tile> placed = place(geometry, layout, publishers);
        Graphics2D g = staticImage.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, width, height);
            Tile[] newTiles = placed.toArray(new Tile[0]);
            for (Tile t : newTiles) {
                drawStaticTile(g, t);
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

    /**
     * Where each publisher goes, in drawing order: the 1.8 grid (camera = tile) or the 2.x layout
     * (camera covering the tile); each tile knows the later tiles drawn over it.
     */
    private List<Tile> place(LayoutState.Geometry geometry, OpenViduLayoutGeometry.Layout layout,
                             List<Publisher> publishers) {
        List<Tile> out = new ArrayList<>(publishers.size());
        if (geometry != LayoutState.Geometry.OPENVIDU_2) {
            List<GridLayout.Rect> rects = GridLayout.bestFit(publishers.size(), width, height);
            for (int i = 0; i < rects.size(); i++) {
                out.add(new Tile(rects.get(i), rects.get(i), false, publishers.get(i)));
            }
            return out;
        }
        for (OpenViduLayoutGeometry.Tile tile : OpenViduLayoutGeometry.tiles(layout, publishers, width, height)) {
            GridLayout.Rect r = tile.even();
            if (r.width() == 0 || r.height() == 0) continue;
            out.add(new Tile(r, coverRect(r, GridLayout.TILE_ASPECT_W, GridLayout.TILE_ASPECT_H), true,
                    publishers.get(tile.publisher())));
        }
        for (int i = 0; i < out.size(); i++) {
            for (int j = i + 1; j < out.size(); j++) {
                GridLayout.Rect over = intersection(out.get(i).rect, out.get(j).rect);
                if (over != null) out.get(i).covered.add(over);
            }
        }
        return out;
    }

    /** The smallest {@code aspectW:aspectH} rectangle that covers {@code r}, centred on it. */
    static GridLayout.Rect coverRect(GridLayout.Rect r, int aspectW, int aspectH) {
        int w = r.width();
        int h = r.height();
        if ((long) w * aspectH >= (long) h * aspectW) {
            h = (int) Math.ceil((double) w * aspectH / aspectW);
        } else {
            w = (int) Math.ceil((double) h * aspectW / aspectH);
        }
        return new GridLayout.Rect(r.x() - (w - r.width()) / 2, r.y() - (h - r.height()) / 2, w, h);
    }

    /** The common part of two rectangles, null when they do not overlap. */
    static GridLayout.Rect intersection(GridLayout.Rect a, GridLayout.Rect b) {
        int x0 = Math.max(a.x(), b.x());
        int y0 = Math.max(a.y(), b.y());
        int x1 = Math.min(a.x() + a.width(), b.x() + b.width());
        int y1 = Math.min(a.y() + a.height(), b.y() + b.height());
        return x1 > x0 && y1 > y0 ? new GridLayout.Rect(x0, y0, x1 - x0, y1 - y0) : null;
    }

    private void attachCamera(Tile t, Tile old, long now) {
        String media = t.publisher.media();
        if (old != null && old.camera.tileWidth() == t.rect.width() && old.camera.tileHeight() == t.rect.height()
                && old.camera.cover() == t.cover) {
            t.camera = old.camera;
            t.origin = old.origin;
            return;
        }
        if (old != null) old.camera.close();
        if (failedMedia.contains(t.mediaKey)) return;
        if (LiveCamera.isLive(media)) {
            t.origin = old != null ? old.origin : now;
            t.camera = new LiveCamera(media, t.rect.width(), t.rect.height(), t.cover, LIVE_POLLS_PER_SECOND);
            return;
        }
        try {
            MediaCamera.location(media);
        } catch (RuntimeException e) {
            mediaFailed(t, e.getMessage());
            return;
        }
        t.origin = old != null ? old.origin : now;
        t.camera = new MediaCamera(media, t.rect.width(), t.rect.height(), t.cover, now - t.origin, waitForMedia);
    }

    private void mediaFailed(Tile t, String why) {
        if (failedMedia.add(t.mediaKey)) {
            log.warn("Media of publisher {} ({}) cannot be shown, synthetic camera instead: {}",
                    t.publisher.id(), t.publisher.media(), why);
        }
    }

    /**
     * Draws the static part of a tile: the camera picture's background and texts, laid out on the
     * picture's rectangle ({@code t.picture}, the tile itself in the 1.8 grid), clipped to the tile.
     */
    private void drawStaticTile(Graphics2D g, Tile t) {
        Publisher p = t.publisher;
        GridLayout.Rect v = t.rect;
        GridLayout.Rect r = t.picture;
        g.setClip(v.x(), v.y(), v.width(), v.height());
        g.setColor(new Color(TileColors.colorFor(p.id())));
        g.fillRect(v.x(), v.y(), v.width(), v.height());
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
                t.label = clamp(v, r.x(), r.y(), textW + 2 * pad + 1, textBottom - r.y() + pad / 2 + 1);
            }
            FontMetrics cm = g.getFontMetrics(t.clockFont);
            int cw = cm.stringWidth("00:00:00.0") + 2 * pad;
            int ch = cm.getAscent() + cm.getDescent() + pad;
            int cx = r.x() + r.width() - cw;
            t.clock = clamp(v, cx, r.y(), cw, ch);
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
            if (t.camera != null && drawMedia(t, mediaTimeMicros)) {
                restoreCovered(t, t.rect);
                continue;
            }
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
            restoreCovered(t, ball);
            // clock
            if (t.clock != null && t.clock.width() > 0 && t.clock.height() > 0) {
                GridLayout.Rect c = t.clock;
                restore(c);
                work.setClip(c.x(), c.y(), c.width(), c.height());
                work.setFont(t.clockFont);
                work.setColor(Color.BLACK);
                work.drawChars(clock, 0, clockLen, t.clockBaselineX + 1, t.clockBaselineY + 1);
                work.setColor(Color.WHITE);
                work.drawChars(clock, 0, clockLen, t.clockBaselineX, t.clockBaselineY);
                I420.fromBgr(workBgr, width, height, c, frameYuv);
                restoreCovered(t, c);
            }
        }
        work.setClip(null);
        out.clear();
        out.put(frameYuv);
        out.flip();
    }

    private static final BasicStroke THIN = new BasicStroke(1f);

    /**
     * After drawing part of a tile: puts back the static picture of the tiles drawn over it (they
     * draw their own moving parts afterwards), where {@code drawn} overlaps them.
     */
    private void restoreCovered(Tile t, GridLayout.Rect drawn) {
        for (GridLayout.Rect over : t.covered) {
            GridLayout.Rect r = intersection(over, drawn);
            if (r != null) I420.copyRect(staticYuv, frameYuv, width, height, r);
        }
    }

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
        if (t.cover) {
            if (p == null || p.width < r.width() || p.height < r.height()) I420.fillBlack(frameYuv, width, height, r);
            if (p != null) I420.copyPictureCentred(p.yuv, p.width, p.height, frameYuv, width, height, r);
        } else if (p == null || p.width != r.width() || p.height != r.height()) {
            I420.fillBlack(frameYuv, width, height, r);
        }
        if (!t.cover && p != null && p.width <= r.width() && p.height <= r.height()) {
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
        /** Where the tile is in the frame (even). */
        final GridLayout.Rect rect;
        /** Where the camera picture is: the tile itself, or a larger rectangle around it (cover). */
        final GridLayout.Rect picture;
        /** The camera covers the tile and is cropped (2.x); else it is letterboxed in it (1.8). */
        final boolean cover;
        /** Parts of this tile under tiles drawn after it. */
        final List<GridLayout.Rect> covered = new ArrayList<>(0);
        final Publisher publisher;
        /** "id\nmedia" for a publisher with a media, else null. */
        final String mediaKey;
        /** Media tiles: where the id and metadata are (even); null without fonts. */
        GridLayout.Rect label;
        TileCamera camera;
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

        Tile(GridLayout.Rect rect, GridLayout.Rect picture, boolean cover, Publisher publisher) {
            this.rect = rect;
            this.picture = picture;
            this.cover = cover;
            this.publisher = publisher;
            this.mediaKey = publisher.media() == null ? null : publisher.id() + "\n" + publisher.media();
        }
    }
}
