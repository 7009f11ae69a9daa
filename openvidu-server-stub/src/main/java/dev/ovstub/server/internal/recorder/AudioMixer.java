package dev.ovstub.server.internal.recorder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The publishers' voices, mixed: a browser's live stream ({@code live:} media) is its own audio ({@link LiveAudio};
 * silence when its stream has no audio), every other publisher is one sine tone ({@link TileColors#toneFrequencyFor}).
 * With {@code n} publishers each voice is scaled by {@code 1 / n} (a tone to 0.4 / n of full scale), so the sum never
 * clips. Silence when nobody publishes. A tone keeps its phase, and a live voice its buffer, across layout changes,
 * so nobody clicks when others join or leave. Not thread-safe; {@link #close()} stops the live voices.
 */
final class AudioMixer implements AutoCloseable {
    private static final double TOTAL_AMPLITUDE = 0.4 * Short.MAX_VALUE;

    private final int sampleRate;
    /** Whether the mix is recorded at all: without it, live voices are not fetched (they would only be dropped). */
    private final boolean fetchLive;
    private double[] phase = new double[0];
    private double[] step = new double[0];
    private String[] ids = new String[0];
    /**
     * The live voice of each publisher index (null: a tone), and the same by publisher id and media, kept across
     * layouts (a publisher that publishes again has another stream, so another voice).
     */
    private LiveAudio[] live = new LiveAudio[0];
    private boolean[] mute = new boolean[0];
    private final Map<String, LiveAudio> liveById = new HashMap<>();
    private short[] voice = new short[0];

    AudioMixer(int sampleRate) {
        this(sampleRate, true);
    }

    /** @param fetchLive false when the mix is not recorded: live voices are then silent and never fetched */
    AudioMixer(int sampleRate, boolean fetchLive) {
        this.sampleRate = sampleRate;
        this.fetchLive = fetchLive;
    }

    void setPublishers(List<Publisher> publishers) {
        Map<String, Double> oldPhases = new HashMap<>();
        for (int i = 0; i < ids.length; i++) oldPhases.put(ids[i], phase[i]);
        int n = publishers.size();
        String[] newIds = new String[n];
        double[] newPhase = new double[n];
        double[] newStep = new double[n];
        LiveAudio[] newLive = new LiveAudio[n];
        boolean[] newMute = new boolean[n];
        Map<String, LiveAudio> kept = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Publisher p = publishers.get(i);
            String id = p.id();
            newIds[i] = id;
            newPhase[i] = oldPhases.getOrDefault(id, 0.0);
            newStep[i] = 2 * Math.PI * TileColors.toneFrequencyFor(id) / sampleRate;
            if (LiveCamera.isLive(p.media())) {
                if (fetchLive && (p.stream() == null || p.stream().audio())) {
                    String key = id + "\n" + p.media();
                    LiveAudio a = liveById.remove(key);
                    newLive[i] = a != null ? a : new LiveAudio(p.media(), sampleRate);
                    kept.put(key, newLive[i]);
                } else {
                    newMute[i] = true;
                }
            }
        }
        liveById.values().forEach(LiveAudio::close);
        liveById.clear();
        liveById.putAll(kept);
        ids = newIds;
        phase = newPhase;
        step = newStep;
        live = newLive;
        mute = newMute;
    }

    /** Fills {@code out[0..count)} with the next samples. */
    void mix(short[] out, int count) {
        int n = ids.length;
        if (n == 0) {
            java.util.Arrays.fill(out, 0, count, (short) 0);
            return;
        }
        double[] sum = new double[count];
        double amp = TOTAL_AMPLITUDE / n;
        for (int i = 0; i < n; i++) {
            if (live[i] != null) {
                if (voice.length < count) voice = new short[count];
                live[i].take(voice, count);
                for (int s = 0; s < count; s++) sum[s] += voice[s] / (double) n;
            } else if (!mute[i]) {
                for (int s = 0; s < count; s++) {
                    sum[s] += Math.sin(phase[i]) * amp;
                    phase[i] += step[i];
                    if (phase[i] > 2 * Math.PI) phase[i] -= 2 * Math.PI;
                }
            }
        }
        for (int s = 0; s < count; s++) {
            out[s] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sum[s])));
        }
    }

    /** Stops the live voices' fetching. */
    @Override
    public void close() {
        liveById.values().forEach(LiveAudio::close);
        liveById.clear();
    }
}
