package dev.ovstub.server.internal.recorder;

import java.util.ArrayList;
import java.util.List;

/**
 * The BEST_FIT grid: where each publisher's tile goes in the frame. Pure arithmetic, reproducible
 * in JavaScript for the layout page.
 *
 * <h2>Algorithm</h2>
 * Tiles are 16:9 (the synthetic camera's aspect; one tile fills a 16:9 frame exactly).
 * <ol>
 *   <li>For {@code n} publishers and a {@code W x H} frame, try every column count
 *       {@code cols = 1..n} with {@code rows = ceil(n / cols)}. Cells are {@code W/cols} by
 *       {@code H/rows} (real numbers); the tile is the largest 16:9 rectangle in a cell, scale
 *       {@code min(cellW/16, cellH/9)}. Keep the column count with the largest tile; on a tie
 *       (within 1e-9) keep the larger column count (so 2 publishers in 16:9 sit side by side).
 *       In a 16:9 frame this gives 1 = 1x1, 2 = 2x1, 3-4 = 2x2, 5-6 = 3x2, 7-9 = 3x3, 10-12 = 4x3...</li>
 *   <li>Publisher {@code i} (0-based, in the order of the layout state) goes to row {@code i / cols},
 *       column {@code i mod cols}. The last row, if not full, is centred: it is shifted right by
 *       {@code (cols - itemsInLastRow) * cellW / 2}.</li>
 *   <li>The tile is centred in its cell (black letterbox around it):
 *       {@code x = cellX + (cellW - tileW)/2}, {@code y = cellY + (cellH - tileH)/2} with
 *       {@code tileW = 16*scale}, {@code tileH = 9*scale}.</li>
 *   <li>Rounding (for 4:2:0 chroma): {@code x, y} are rounded down to even numbers, {@code w, h}
 *       too (each as {@code 2*floor(v/2)}).</li>
 * </ol>
 */
public final class GridLayout {
    /** Tile aspect ratio numerator (16:9). */
    public static final int TILE_ASPECT_W = 16;
    /** Tile aspect ratio denominator (16:9). */
    public static final int TILE_ASPECT_H = 9;

    private GridLayout() {}

    /** A tile rectangle in frame pixels; all four values are even. */
    public record Rect(int x, int y, int width, int height) {
        /** Horizontal centre. */
        public int centerX() { return x + width / 2; }
        /** Vertical centre. */
        public int centerY() { return y + height / 2; }
    }

    /** Number of columns chosen for {@code n} tiles in a {@code width x height} frame. */
    public static int columns(int n, int width, int height) {
        if (n <= 0) return 0;
        int best = 1;
        double bestScale = -1;
        for (int cols = 1; cols <= n; cols++) {
            int rows = (n + cols - 1) / cols;
            double scale = Math.min((double) width / cols / TILE_ASPECT_W, (double) height / rows / TILE_ASPECT_H);
            if (scale > bestScale + 1e-9 || Math.abs(scale - bestScale) <= 1e-9) {
                best = cols;
                bestScale = Math.max(scale, bestScale);
            }
        }
        return best;
    }

    /** The tiles of {@code n} publishers, in order, in a {@code width x height} frame. */
    public static List<Rect> bestFit(int n, int width, int height) {
        List<Rect> out = new ArrayList<>(Math.max(n, 0));
        if (n <= 0) return out;
        int cols = columns(n, width, height);
        int rows = (n + cols - 1) / cols;
        double cellW = (double) width / cols;
        double cellH = (double) height / rows;
        double scale = Math.min(cellW / TILE_ASPECT_W, cellH / TILE_ASPECT_H);
        double tileW = TILE_ASPECT_W * scale;
        double tileH = TILE_ASPECT_H * scale;
        for (int i = 0; i < n; i++) {
            int row = i / cols;
            int col = i % cols;
            int inRow = row == rows - 1 ? n - cols * (rows - 1) : cols;
            double shift = (cols - inRow) * cellW / 2;
            double x = shift + col * cellW + (cellW - tileW) / 2;
            double y = row * cellH + (cellH - tileH) / 2;
            out.add(new Rect(even(x), even(y), even(tileW), even(tileH)));
        }
        return out;
    }

    private static int even(double v) {
        return 2 * (int) Math.floor(v / 2 + 1e-9);
    }
}
