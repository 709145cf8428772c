package dev.k6runner.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one benchmark run, printed as they come and written as a Markdown table at the end:
 * each with its baseline from the same run, the ratio, and the conditions it was measured under.
 */
public final class Report {

    /** One line of the report; baseline and ratio are "-" where a figure has none. */
    public record Figure(String section, String name, String value, String baseline, String ratio, String conditions) {
    }

    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final String machine;

    public Report(String machine) {
        this.machine = machine;
        System.out.println("== benchmark conditions: " + machine);
    }

    public static String format(double value, int decimals) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    public static String ratio(double value, double baseline) {
        return baseline > 0 && !Double.isNaN(value) ? format(value / baseline, 2) + "×" : "n/a";
    }

    public synchronized void add(Figure figure) {
        figures.add(figure);
        System.out.printf(Locale.ROOT, "[%s] %s: %s  | baseline: %s  | ratio: %s  | %s%n", figure.section(), figure.name(),
                figure.value(), figure.baseline(), figure.ratio(), figure.conditions());
    }

    public void add(String section, String name, String value, String baseline, String ratio, String conditions) {
        add(new Figure(section, name, value, baseline, ratio, conditions));
    }

    /** A remark that belongs with the figures: a missed target, a substitution, a figure that could not be taken. */
    public synchronized void note(String note) {
        notes.add(note);
        System.out.println("NOTE: " + note);
    }

    public synchronized String markdown() {
        StringBuilder text = new StringBuilder("Conditions: " + machine + "\n\n");
        text.append("| area | figure | value | baseline (same run) | ratio | conditions |\n|---|---|---|---|---|---|\n");
        for (Figure f : figures) {
            text.append("| ").append(String.join(" | ", f.section(), f.name(), f.value(), f.baseline(), f.ratio(),
                    f.conditions().replace("|", "/"))).append(" |\n");
        }
        if (!notes.isEmpty()) {
            text.append("\nNotes:\n");
            notes.forEach(n -> text.append("- ").append(n).append('\n'));
        }
        return text.toString();
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, markdown());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
