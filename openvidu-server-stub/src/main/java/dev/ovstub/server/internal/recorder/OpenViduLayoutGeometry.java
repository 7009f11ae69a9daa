package dev.ovstub.server.internal.recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where OpenVidu 2.x puts each publisher of a composed recording: the rectangles of its layout page, computed as
 * its layout algorithm ({@code openvidu-layout.ts} of the 2.32 dashboard, a port of TokBox's layout container)
 * computes them. Pure arithmetic, in the same double-precision operations and order as that JavaScript, so the
 * results are the same to the last bit; the stub's layout page re-implements it (see {@code index.html}).
 *
 * <h2>The algorithm</h2>
 * Options of all layouts: {@code minRatio 9/16}, {@code maxRatio 3/2} (height / width), {@code fixedRatio false},
 * {@code bigPercentage 0.8}, and the same ratios for the big area.
 * <ul>
 *   <li><b>Best dimensions</b> of {@code n} elements in a {@code W x H} area: for {@code cols = 1..n},
 *       {@code rows = ceil(n / cols)}, a cell is {@code floor(W / cols) x floor(H / rows)}; when its ratio
 *       height/width is above maxRatio the height becomes {@code width * maxRatio}, below minRatio the width becomes
 *       {@code height / minRatio}. The largest total area {@code w * h * n} wins, the first on a tie.</li>
 *   <li><b>Arrange</b>: elements fill rows of {@code cols}, each row {@code cols x cellWidth} wide (its last one
 *       shorter). A row wider than {@code W} gets {@code height = floor(height * W / width)}, width {@code W}. When
 *       the rows' heights add up to less than {@code H} and some rows are narrower than {@code W}, those rows grow
 *       in turn: each takes an even share of the height left, at most {@code floor((W - width) / width * height)}
 *       (never wider than {@code W}); its width grows by {@code floor(extra / height * width)}. The block of rows is
 *       centred vertically ({@code y = (H - total) / 2}), every row is centred horizontally
 *       ({@code x = (W - rowWidth) / 2}); elements of a row are the cell width wide (the width of
 *       <em>best dimensions</em>, not the grown one) and the row's height high, side by side from there.</li>
 *   <li><b>Big and small</b>: when some elements are big and some are not, the big area is
 *       {@code floor(W * 0.8) x H} (vertical) or {@code W x floor(H * 0.8)} (horizontal); the small ones are
 *       arranged in the rest of the frame. {@code bigFirst} puts the big area left/top, else right/bottom. Only big
 *       elements, or none: everything is arranged in the whole frame.</li>
 * </ul>
 *
 * <h2>The layouts</h2>
 * <ul>
 *   <li>{@link Layout#BEST_FIT}: all publishers arranged in the whole frame ({@code big} is ignored, as OpenVidu
 *       never marks a publisher big there).</li>
 *   <li>{@link Layout#VERTICAL_PRESENTATION}: vertical, big area on the right ({@code bigFirst false}); the small
 *       ones in the left column of {@code W - floor(0.8 W)}.</li>
 *   <li>{@link Layout#HORIZONTAL_PRESENTATION}: horizontal, big area on top ({@code bigFirst true}); the small ones
 *       in the bottom band of {@code H - floor(0.8 H)}.</li>
 *   <li>{@link Layout#PICTURE_IN_PICTURE} (no OpenVidu geometry exists; OpenTok's definition, "a small stream is
 *       visible over a full-size stream", the first stream that is not the full one at a corner, only two streams
 *       shown): the big publisher fills the frame; the first other publisher is a {@code floor(W/4) x floor(H/4)}
 *       tile at the <b>bottom-right corner</b>, {@code floor(H/40)} pixels from the right and bottom edges (at
 *       1280x720: 320x180 at 942,522), drawn over the big one; every other publisher is hidden.</li>
 * </ul>
 * In the presentation and picture-in-picture layouts the big publisher is the first one whose {@link Publisher#big()}
 * is true, else the first publisher (the earliest one); with a single publisher the whole frame is his.
 *
 * <h2>Rounding</h2>
 * The algorithm gives fractional CSS pixels (e.g. 149.33). A rectangle's <b>edges</b> are rounded to the nearest
 * pixel, halves up ({@code Math.round} of Java and JavaScript): {@code x = round(left)},
 * {@code width = round(left + width) - x}, the same vertically. That is what a browser shows (149.33 + 170.67 is
 * drawn from 149 to 320: 171 pixels), and neighbours keep sharing their edge. The recorder then moves every edge
 * down to an even pixel for 4:2:0 chroma ({@link Tile#even()}).
 */
public final class OpenViduLayoutGeometry {
    /** Smallest height/width ratio of a cell. */
    static final double MIN_RATIO = 9.0 / 16;
    /** Largest height/width ratio of a cell. */
    static final double MAX_RATIO = 3.0 / 2;
    /** Share of the frame's width (vertical) or height (horizontal) of the big area. */
    static final double BIG_PERCENTAGE = 0.8;

    private OpenViduLayoutGeometry() {}

    /** The layouts of OpenVidu 2.x that the recorder draws. */
    public enum Layout {
        BEST_FIT, VERTICAL_PRESENTATION, HORIZONTAL_PRESENTATION, PICTURE_IN_PICTURE;

        /**
         * The layout of a recording layout name ({@code VERTICAL_PRESENTATION}) or of a layout page route
         * ({@code layout-vertical-presentation}); anything else (null, {@code CUSTOM}, unknown) is BEST_FIT.
         */
        public static Layout named(String name) {
            if (name == null) return BEST_FIT;
            String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            if (n.startsWith("LAYOUT_")) n = n.substring("LAYOUT_".length());
            for (Layout l : values()) {
                if (l.name().equals(n)) return l;
            }
            return BEST_FIT;
        }
    }

    /**
     * Where one publisher is drawn, in whole pixels (see Rounding in the class comment).
     *
     * @param publisher index of the publisher in the layout state's order
     */
    public record Tile(int publisher, int x, int y, int width, int height) {
        /** The tile with every edge moved down to an even pixel (4:2:0), as the recorder draws it. */
        public GridLayout.Rect even() {
            int x0 = x & ~1;
            int y0 = y & ~1;
            return new GridLayout.Rect(x0, y0, Math.max(0, ((x + width) & ~1) - x0), Math.max(0, ((y + height) & ~1) - y0));
        }

        /** Horizontal centre. */
        public int centerX() {
            return x + width / 2;
        }

        /** Vertical centre. */
        public int centerY() {
            return y + height / 2;
        }
    }

    /** A rectangle in fractional CSS pixels, as the algorithm gives it. */
    record Box(double left, double top, double width, double height) {
        Tile round(int publisher) {
            long x0 = Math.round(left);
            long y0 = Math.round(top);
            return new Tile(publisher, (int) x0, (int) y0, (int) (Math.round(left + width) - x0),
                    (int) (Math.round(top + height) - y0));
        }
    }

    /** The index of the big publisher: the first with {@code big}, else 0; -1 without publishers. */
    public static int bigIndex(List<Publisher> publishers) {
        for (int i = 0; i < publishers.size(); i++) {
            if (publishers.get(i).big()) return i;
        }
        return publishers.isEmpty() ? -1 : 0;
    }

    /**
     * The tiles of these publishers in a {@code width x height} frame, in drawing order (a later tile is drawn over
     * an earlier one): in the presentation layouts the big publisher's first, then the others in state order; in
     * picture-in-picture the full one, then the corner one. Hidden publishers have no tile.
     */
    public static List<Tile> tiles(Layout layout, List<Publisher> publishers, int width, int height) {
        return tiles(layout, publishers.size(), bigIndex(publishers), width, height);
    }

    /**
     * The tiles of {@code n} publishers, publisher {@code big} (0-based) being the big one, in a
     * {@code width x height} frame; see {@link #tiles(Layout, List, int, int)}.
     */
    public static List<Tile> tiles(Layout layout, int n, int big, int width, int height) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("frame size " + width + "x" + height);
        List<Tile> out = new ArrayList<>();
        if (n <= 0) return out;
        if (big < 0 || big >= n) throw new IllegalArgumentException("big publisher " + big + " of " + n);
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        int[] small = new int[n - 1];
        for (int i = 0, j = 0; i < n; i++) {
            if (i != big) small[j++] = i;
        }
        switch (layout) {
            case BEST_FIT -> arrange(out, all, width, height, 0, 0);
            case VERTICAL_PRESENTATION, HORIZONTAL_PRESENTATION -> {
                if (n == 1) {
                    arrange(out, all, width, height, 0, 0);
                    break;
                }
                boolean vertical = layout == Layout.VERTICAL_PRESENTATION;
                boolean bigFirst = !vertical; // VERTICAL: bigFirst false; HORIZONTAL: bigFirst true
                double bigWidth;
                double bigHeight;
                double offsetLeft = 0;
                double offsetTop = 0;
                double bigOffsetLeft = 0;
                double bigOffsetTop = 0;
                if (vertical) {
                    bigHeight = height;
                    bigWidth = Math.floor(width * BIG_PERCENTAGE);
                    offsetLeft = bigWidth;
                    bigOffsetLeft = width - offsetLeft;
                } else {
                    bigWidth = width;
                    bigHeight = Math.floor(height * BIG_PERCENTAGE);
                    offsetTop = bigHeight;
                    bigOffsetTop = height - offsetTop;
                }
                int[] bigOnes = {big};
                if (bigFirst) {
                    arrange(out, bigOnes, bigWidth, bigHeight, 0, 0);
                    arrange(out, small, width - offsetLeft, height - offsetTop, offsetLeft, offsetTop);
                } else {
                    List<Tile> smallTiles = new ArrayList<>();
                    arrange(smallTiles, small, width - offsetLeft, height - offsetTop, 0, 0);
                    arrange(out, bigOnes, bigWidth, bigHeight, bigOffsetLeft, bigOffsetTop);
                    out.addAll(smallTiles); // drawing order: the big one first in every layout
                }
            }
            case PICTURE_IN_PICTURE -> {
                out.add(new Tile(big, 0, 0, width, height));
                if (n > 1) {
                    int w = width / 4;
                    int h = height / 4;
                    int margin = height / 40;
                    out.add(new Tile(small[0], width - margin - w, height - margin - h, w, h));
                }
            }
        }
        return out;
    }

    /** The layout of the algorithm's {@code arrange} for these elements, appended to {@code out}. */
    private static void arrange(List<Tile> out, int[] children, double width, double height, double offsetLeft,
                                double offsetTop) {
        List<Box> boxes = arrangeBoxes(children.length, width, height, offsetLeft, offsetTop);
        for (int i = 0; i < children.length; i++) out.add(boxes.get(i).round(children[i]));
    }

    /** Best dimensions: {cols, cellWidth, cellHeight}. */
    static double[] bestDimensions(int count, double width, double height) {
        double maxArea = -1;
        double targetCols = 0;
        double targetWidth = 0;
        double targetHeight = 0;
        for (int cols = 1; cols <= count; cols++) {
            int rows = (count + cols - 1) / cols;
            double h = Math.floor(height / rows);
            double w = Math.floor(width / cols);
            double ratio = h / w;
            if (ratio > MAX_RATIO) {
                h = w * MAX_RATIO;
            } else if (ratio < MIN_RATIO) {
                w = h / MIN_RATIO;
            }
            double area = w * h * count;
            if (maxArea < 0 || area > maxArea) {
                maxArea = area;
                targetCols = cols;
                targetWidth = w;
                targetHeight = h;
            }
        }
        return new double[] {targetCols, targetWidth, targetHeight};
    }

    /** The boxes of {@code count} elements arranged in a {@code width x height} area at an offset, in order. */
    static List<Box> arrangeBoxes(int count, double width, double height, double offsetLeft, double offsetTop) {
        List<Box> boxes = new ArrayList<>(count);
        if (count == 0) return boxes;
        double[] dim = bestDimensions(count, width, height);
        int cols = (int) dim[0];
        double cellWidth = dim[1];
        double cellHeight = dim[2];
        int rowCount = (count + cols - 1) / cols;
        double[] rowWidth = new double[rowCount];
        double[] rowHeight = new double[rowCount];
        int[] rowSize = new int[rowCount];
        for (int i = 0; i < count; i++) {
            int r = i / cols;
            rowSize[r]++;
            rowWidth[r] += cellWidth;
            rowHeight[r] = cellHeight;
        }
        double total = 0;
        int shortRows = 0;
        for (int r = 0; r < rowCount; r++) {
            if (rowWidth[r] > width) {
                rowHeight[r] = Math.floor(rowHeight[r] * (width / rowWidth[r]));
                rowWidth[r] = width;
            } else if (rowWidth[r] < width) {
                shortRows++;
            }
            total += rowHeight[r];
        }
        if (total < height && shortRows > 0) {
            double left = height - total;
            total = 0;
            for (int r = 0; r < rowCount; r++) {
                if (rowWidth[r] < width) {
                    double extra = left / shortRows;
                    if (extra / rowHeight[r] > (width - rowWidth[r]) / rowWidth[r]) {
                        extra = Math.floor((width - rowWidth[r]) / rowWidth[r] * rowHeight[r]);
                    }
                    rowWidth[r] += Math.floor(extra / rowHeight[r] * rowWidth[r]);
                    rowHeight[r] += extra;
                    left -= extra;
                    shortRows--;
                }
                total += rowHeight[r];
            }
        }
        double y = (height - total) / 2;
        for (int r = 0; r < rowCount; r++) {
            double x = (width - rowWidth[r]) / 2;
            for (int j = 0; j < rowSize[r]; j++) {
                boxes.add(new Box(x + offsetLeft, y + offsetTop, cellWidth, rowHeight[r]));
                x += cellWidth;
            }
            y += rowHeight[r];
        }
        return boxes;
    }
}
