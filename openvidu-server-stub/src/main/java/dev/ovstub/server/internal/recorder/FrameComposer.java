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
import java.util.List;

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
 * average of each 2x2 block. Not thread-safe.
 */
final class FrameComposer {
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

    /** Lays the grid out again for these publishers and redraws the static part. */
    void layout(List<Publisher> publishers) {
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
            tiles = newTiles;
        } finally {
            g.dispose();
        }
        System.arraycopy(staticBgr, 0, workBgr, 0, staticBgr.length);
        bgrToYuv(staticBgr, width, height, 0, 0, width, height, staticYuv);
    }

    private Tile drawStaticTile(Graphics2D g, Publisher p, GridLayout.Rect r) {
        Tile t = new Tile(r);
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
            if (!p.metadata().isEmpty()) {
                FontMetrics mm = g.getFontMetrics(metaFont);
                shadowed(g, metaFont, p.metadata(), r.x() + pad, y + fm.getDescent() + mm.getAscent());
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
            // ball
            long phase = mediaTimeMicros % BALL_PERIOD_MICROS;
            double tri = phase < BALL_PERIOD_MICROS / 2 ? 2.0 * phase / BALL_PERIOD_MICROS
                    : 2.0 - 2.0 * phase / BALL_PERIOD_MICROS;
            int bx = (t.ballMinX + (int) Math.round(tri * (t.ballMaxX - t.ballMinX))) & ~1;
            int[] ball = clamp(t.rect, bx, t.ballY, t.ballDiameter + 2, t.ballDiameter + 2);
            restore(ball);
            work.setClip(ball[0], ball[1], ball[2], ball[3]);
            work.setColor(Color.WHITE);
            work.fillOval(bx + 1, t.ballY + 1, t.ballDiameter, t.ballDiameter);
            work.setColor(Color.DARK_GRAY);
            work.setStroke(THIN);
            work.drawOval(bx + 1, t.ballY + 1, t.ballDiameter - 1, t.ballDiameter - 1);
            bgrToYuv(workBgr, width, height, ball[0], ball[1], ball[2], ball[3], frameYuv);
            // clock
            if (t.clock != null) {
                int[] c = t.clock;
                restore(c);
                work.setClip(c[0], c[1], c[2], c[3]);
                work.setFont(t.clockFont);
                work.setColor(Color.BLACK);
                work.drawChars(clock, 0, clockLen, t.clockBaselineX + 1, t.clockBaselineY + 1);
                work.setColor(Color.WHITE);
                work.drawChars(clock, 0, clockLen, t.clockBaselineX, t.clockBaselineY);
                bgrToYuv(workBgr, width, height, c[0], c[1], c[2], c[3], frameYuv);
            }
        }
        work.setClip(null);
        out.clear();
        out.put(frameYuv);
        out.flip();
    }

    private static final BasicStroke THIN = new BasicStroke(1f);

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
    private void restore(int[] r) {
        int rowBytes = r[2] * 3;
        for (int y = r[1]; y < r[1] + r[3]; y++) {
            int off = (y * width + r[0]) * 3;
            System.arraycopy(staticBgr, off, workBgr, off, rowBytes);
        }
    }

    /** {x, y, w, h} clipped to the tile, with even coordinates and sizes. */
    private static int[] clamp(GridLayout.Rect tile, int x, int y, int w, int h) {
        int x0 = Math.max(tile.x(), x) & ~1;
        int y0 = Math.max(tile.y(), y) & ~1;
        int x1 = Math.min(tile.x() + tile.width(), x + w + 1) & ~1;
        int y1 = Math.min(tile.y() + tile.height(), y + h + 1) & ~1;
        return new int[] {x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0)};
    }

    /**
     * Converts a rectangle (even x, y, w, h) of a packed BGR image of {@code w x h} pixels into a
     * YUV420P buffer of the same size. BT.601 limited range.
     */
    static void bgrToYuv(byte[] bgr, int frameW, int frameH, int x0, int y0, int w, int h, byte[] yuv) {
        int uOff = frameW * frameH;
        int vOff = uOff + uOff / 4;
        int cw = frameW / 2;
        int stride = frameW * 3;
        for (int y = y0; y < y0 + h; y += 2) {
            int row0 = y * stride;
            int row1 = row0 + stride;
            int yRow0 = y * frameW;
            int yRow1 = yRow0 + frameW;
            int cRow = (y / 2) * cw;
            for (int x = x0; x < x0 + w; x += 2) {
                int i = row0 + x * 3;
                int b0 = bgr[i] & 255, g0 = bgr[i + 1] & 255, r0 = bgr[i + 2] & 255;
                int b1 = bgr[i + 3] & 255, g1 = bgr[i + 4] & 255, r1 = bgr[i + 5] & 255;
                int j = row1 + x * 3;
                int b2 = bgr[j] & 255, g2 = bgr[j + 1] & 255, r2 = bgr[j + 2] & 255;
                int b3 = bgr[j + 3] & 255, g3 = bgr[j + 4] & 255, r3 = bgr[j + 5] & 255;
                yuv[yRow0 + x] = (byte) (((66 * r0 + 129 * g0 + 25 * b0 + 128) >> 8) + 16);
                yuv[yRow0 + x + 1] = (byte) (((66 * r1 + 129 * g1 + 25 * b1 + 128) >> 8) + 16);
                yuv[yRow1 + x] = (byte) (((66 * r2 + 129 * g2 + 25 * b2 + 128) >> 8) + 16);
                yuv[yRow1 + x + 1] = (byte) (((66 * r3 + 129 * g3 + 25 * b3 + 128) >> 8) + 16);
                int r = r0 + r1 + r2 + r3;
                int g = g0 + g1 + g2 + g3;
                int b = b0 + b1 + b2 + b3;
                yuv[uOff + cRow + x / 2] = (byte) (((-38 * r - 74 * g + 112 * b + 512) >> 10) + 128);
                yuv[vOff + cRow + x / 2] = (byte) (((112 * r - 94 * g - 18 * b + 512) >> 10) + 128);
            }
        }
    }

    private static final class Tile {
        final GridLayout.Rect rect;
        int pad;
        Font clockFont;
        int[] clock;
        int clockBaselineX;
        int clockBaselineY;
        int ballDiameter;
        int ballMinX;
        int ballMaxX;
        int ballY;

        Tile(GridLayout.Rect rect) {
            this.rect = rect;
        }
    }
}
