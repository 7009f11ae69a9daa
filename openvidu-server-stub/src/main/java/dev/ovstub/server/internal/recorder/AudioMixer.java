package dev.ovstub.server.internal.recorder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One sine tone per publisher ({@link TileColors#toneFrequencyFor}), mixed: with {@code n}
 * publishers each tone has amplitude {@code 0.4 / n} of full scale, so the sum never clips.
 * Silence when nobody publishes. Phases are kept per publisher across layout changes, so a
 * publisher's tone does not click when others join or leave. Not thread-safe.
 */
final class AudioMixer {
    private static final double TOTAL_AMPLITUDE = 0.4 * Short.MAX_VALUE;

    private final int sampleRate;
    private double[] phase = new double[0];
    private double[] step = new double[0];
    private String[] ids = new String[0];

    AudioMixer(int sampleRate) {
        this.sampleRate = sampleRate;
    }

    void setPublishers(List<Publisher> publishers) {
        Map<String, Double> oldPhases = new HashMap<>();
        for (int i = 0; i < ids.length; i++) oldPhases.put(ids[i], phase[i]);
        int n = publishers.size();
        String[] newIds = new String[n];
        double[] newPhase = new double[n];
        double[] newStep = new double[n];
        for (int i = 0; i < n; i++) {
            String id = publishers.get(i).id();
            newIds[i] = id;
            newPhase[i] = oldPhases.getOrDefault(id, 0.0);
            newStep[i] = 2 * Math.PI * TileColors.toneFrequencyFor(id) / sampleRate;
        }
        ids = newIds;
        phase = newPhase;
        step = newStep;
    }

    /** Fills {@code out[0..count)} with the next samples. */
    void mix(short[] out, int count) {
        int n = ids.length;
        if (n == 0) {
            java.util.Arrays.fill(out, 0, count, (short) 0);
            return;
        }
        double amp = TOTAL_AMPLITUDE / n;
        for (int s = 0; s < count; s++) {
            double v = 0;
            for (int i = 0; i < n; i++) {
                v += Math.sin(phase[i]);
                phase[i] += step[i];
                if (phase[i] > 2 * Math.PI) phase[i] -= 2 * Math.PI;
            }
            out[s] = (short) Math.round(v * amp);
        }
    }
}
