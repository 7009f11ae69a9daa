package dev.ovstub.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median and spread of repeated measurements. */
public final class Stats {
    private final List<Double> values;

    private Stats(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        this.values = new ArrayList<>(values);
        Collections.sort(this.values);
    }

    public static Stats of(List<Double> values) {
        return new Stats(values);
    }

    public int n() {
        return values.size();
    }

    public double min() {
        return values.get(0);
    }

    public double max() {
        return values.get(values.size() - 1);
    }

    public double median() {
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    /** "median (min–max, n=N)" with the given number format. */
    public String describe(String fmt) {
        return f(fmt, median()) + " (" + f(fmt, min()) + "–" + f(fmt, max()) + ", n=" + n() + ")";
    }

    public static String f(String fmt, Object... v) {
        return String.format(Locale.ROOT, fmt, v);
    }
}
