package dev.k6runner.standin;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recording's stdout cut the way k6 produced it: the banner (logo and execution description, printed
 * at once), progress blocks ("\nrunning (01.0s), ...\ndefault [ 33% ] ...", one per second of the run),
 * and the ending (end-of-test summary plus the final progress block), printed when the run ends.
 */
record Console(List<String> banner, List<Block> progress, List<Block> ending, double lastProgressSeconds,
        double plannedSeconds, boolean started) {

    /** Lines printed together; {@code progress} marks progress blocks (dropped by --quiet). */
    record Block(double at, boolean progress, List<String> lines) {
    }

    private static final Pattern RUNNING = Pattern.compile("^running \\(([0-9hms.]+)\\)");
    private static final Pattern PLANNED = Pattern.compile("\\s[0-9hms.]+/([0-9hms.]+)(\\s|$)");

    static Console of(List<String> lines) {
        int bannerEnd = bannerEnd(lines);
        List<Block> progress = new ArrayList<>();
        List<Block> ending = new ArrayList<>();
        double last = 0;
        double planned = -1;
        int i = bannerEnd;
        while (i < lines.size()) {
            Matcher running = i + 1 < lines.size() && lines.get(i).isBlank() ? RUNNING.matcher(lines.get(i + 1)) : null;
            if (running != null && running.find()) {
                int end = Math.min(i + 3, lines.size());
                double at = Durations.seconds(running.group(1));
                last = Math.max(last, at);
                if (planned < 0 && end == i + 3) {
                    Matcher bar = PLANNED.matcher(lines.get(i + 2));
                    planned = bar.find() ? Durations.seconds(bar.group(1)) : -1;
                }
                (ending.isEmpty() ? progress : ending).add(new Block(at, true, List.copyOf(lines.subList(i, end))));
                i = end;
            } else {
                ending.add(new Block(0, false, List.of(lines.get(i))));
                i++;
            }
        }
        boolean started = lines.stream().anyMatch(line -> line.strip().startsWith("scenarios:"));
        return new Console(List.copyOf(lines.subList(0, bannerEnd)), progress, ending, last, planned, started);
    }

    /** The banner with the script and output lines as this invocation would show them. */
    List<String> banner(String script, String out) {
        List<String> shown = new ArrayList<>();
        for (String line : banner) {
            String key = line.strip();
            String indent = line.substring(0, line.indexOf(key.isEmpty() ? line : key));
            if (key.startsWith("script: ")) {
                shown.add(indent + "script: " + script);
            } else if (key.startsWith("output: ")) {
                shown.add(indent + "output: " + (out == null ? "-" : "json (" + out + ")"));
            } else {
                shown.add(line);
            }
        }
        return shown;
    }

    /** Logo, then (for runs that got going) the execution description ending after the scenario lines. */
    private static int bannerEnd(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith("scenarios:")) {
                int j = i + 1;
                while (j < lines.size() && lines.get(j).strip().startsWith("* ")) {
                    j++;
                }
                return j < lines.size() && lines.get(j).isBlank() ? j + 1 : j;
            }
        }
        return lines.size();
    }
}
