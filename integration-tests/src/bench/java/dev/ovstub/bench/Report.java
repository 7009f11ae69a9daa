package dev.ovstub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a section writes its results: {@code <bench.out>/<section>.md} (a Markdown fragment) and rows appended
 * to {@code <bench.out>/targets-<bench.section>.md}. {@code bench/run.sh} puts them together into {@code bench/results.md}.
 */
public final class Report {
    private final StringBuilder md = new StringBuilder();
    private final String section;

    public Report(String section) {
        this.section = section;
    }

    public static Path outDir() {
        Path dir = Path.of(System.getProperty("bench.out", "bench/out"));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return dir;
    }

    public static boolean quick() {
        return Boolean.getBoolean("bench.quick");
    }

    public Report line(String text) {
        md.append(text).append('\n');
        System.out.println(text);
        return this;
    }

    /**
     * A row of the targets table.
     *
     * @param met null when the figure cannot say (not measured)
     */
    public static void target(String what, String target, String ours, String peer, String ratio, Boolean met) {
        String row = "| " + what + " | " + target + " | " + ours + " | " + peer + " | " + ratio + " | "
                + (met == null ? "n/a" : met ? "met" : "**MISSED**") + " |\n";
        System.out.print("TARGET " + row);
        try {
            Files.writeString(outDir().resolve("targets-" + System.getProperty("bench.section", "misc") + ".md"), row, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void write() {
        try {
            Files.writeString(outDir().resolve(section + ".md"), md.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
