package dev.ovstub.server.internal.recorder;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic colours and tones of the synthetic cameras, reproducible outside Java (the server's
 * HTML layout page draws the same tiles in JavaScript).
 *
 * <h2>Algorithm (re-implement exactly)</h2>
 * <ol>
 *   <li>{@code h} = 32-bit FNV-1a hash of the UTF-8 bytes of the publisher id: start with
 *       {@code 0x811c9dc5}; for each byte {@code b} (0..255): {@code h = (h XOR b) * 0x01000193}
 *       modulo 2<sup>32</sup> (JavaScript: {@code h = Math.imul(h ^ b, 0x01000193) >>> 0}).
 *       See {@link #hash(String)}.</li>
 *   <li>Hue {@code H = h mod 360} (unsigned), in degrees; saturation {@code S = 0.6}; value
 *       (brightness) {@code V = 0.85}.</li>
 *   <li>HSV to RGB: {@code C = V*S}; {@code Hp = H/60}; {@code X = C*(1 - |Hp mod 2 - 1|)};
 *       by sector {@code floor(Hp)} 0..5 the triple (r,g,b) is (C,X,0), (X,C,0), (0,C,X), (0,X,C),
 *       (X,0,C), (C,0,X); {@code m = V - C}; each channel is {@code round((channel + m) * 255)}
 *       (round half up, as {@code Math.round} in Java and JavaScript).</li>
 * </ol>
 * The result is {@code 0xRRGGBB}; every channel lies in [87, 217], so a tile is never confused
 * with the black letterbox or the white text.
 *
 * <p>Tone: {@link #toneFrequencyFor(String)} = {@code 220 * 2^(((h >>> 16) mod 24) / 12)} Hz, a
 * semitone between 220 Hz and about 831 Hz.
 */
public final class TileColors {
    private static final double SATURATION = 0.6;
    private static final double VALUE = 0.85;

    private TileColors() {}

    /** The tile background colour of a publisher, {@code 0xRRGGBB}. See the class comment. */
    public static int colorFor(String publisherId) {
        long h = hash(publisherId);
        return hsvToRgb((int) (h % 360), SATURATION, VALUE);
    }

    /** The frequency in Hz of a publisher's tone. See the class comment. */
    public static double toneFrequencyFor(String publisherId) {
        long h = hash(publisherId);
        return 220.0 * Math.pow(2.0, ((h >>> 16) % 24) / 12.0);
    }

    /** 32-bit FNV-1a of the UTF-8 bytes, as an unsigned value in a long. */
    public static long hash(String s) {
        int h = 0x811c9dc5;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x01000193;
        }
        return h & 0xffffffffL;
    }

    /** HSV to {@code 0xRRGGBB}, exactly as documented in the class comment. */
    static int hsvToRgb(int hueDegrees, double s, double v) {
        double c = v * s;
        double hp = hueDegrees / 60.0;
        double x = c * (1 - Math.abs(hp % 2 - 1));
        double r, g, b;
        switch ((int) Math.floor(hp)) {
            case 0: r = c; g = x; b = 0; break;
            case 1: r = x; g = c; b = 0; break;
            case 2: r = 0; g = c; b = x; break;
            case 3: r = 0; g = x; b = c; break;
            case 4: r = x; g = 0; b = c; break;
            default: r = c; g = 0; b = x; break;
        }
        double m = v - c;
        int ri = (int) Math.round((r + m) * 255);
        int gi = (int) Math.round((g + m) * 255);
        int bi = (int) Math.round((b + m) * 255);
        return (ri << 16) | (gi << 8) | bi;
    }

    /** Red channel of {@code 0xRRGGBB}. */
    public static int red(int rgb) { return (rgb >> 16) & 0xff; }
    /** Green channel of {@code 0xRRGGBB}. */
    public static int green(int rgb) { return (rgb >> 8) & 0xff; }
    /** Blue channel of {@code 0xRRGGBB}. */
    public static int blue(int rgb) { return rgb & 0xff; }
}
