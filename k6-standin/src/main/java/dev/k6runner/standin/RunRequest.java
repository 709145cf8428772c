package dev.k6runner.standin;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a {@code k6 run} invocation asks for, as far as a replay can honour it.
 *
 * @param scriptArg     the script argument as given (k6 shows it in the banner)
 * @param summaryExport where {@code --summary-export} writes, or null
 * @param outArg        the FILE of {@code --out json=FILE} as given, or null
 * @param apiServerOn   false when {@code --address} was given (empty turns k6's REST API off)
 * @param given         which selection-relevant flags were given (overrides and "out")
 */
record RunRequest(String scriptArg, Path summaryExport, String outArg, boolean quiet, boolean noSummary,
        boolean noThresholds, boolean apiServerOn, Set<String> given) {

    static RunRequest of(CommandLine line) {
        if (line.positionals().size() != 1) {
            throw new StandinFailure("k6 run needs exactly one script argument, got " + line.positionals());
        }
        Set<String> given = new HashSet<>();
        for (String flag : List.of("iterations", "vus", "duration", "summary-trend-stats", "out")) {
            if (line.has(flag)) {
                given.add(flag);
            }
        }
        String summary = line.last("summary-export");
        return new RunRequest(line.positionals().getFirst(),
                summary == null || summary.isEmpty() ? null : Path.of(summary).toAbsolutePath(),
                out(line), line.enabled("quiet"), line.enabled("no-summary"), line.enabled("no-thresholds"),
                !line.has("address"), Set.copyOf(given));
    }

    Path outPath() {
        return outArg == null ? null : Path.of(outArg).toAbsolutePath();
    }

    private static String out(CommandLine line) {
        List<String> outs = line.flags().getOrDefault("out", List.of());
        if (outs.isEmpty()) {
            return null;
        }
        if (outs.size() > 1) {
            throw new StandinFailure("unsupported: more than one --out (the stand-in writes one json=FILE)");
        }
        String out = outs.getFirst();
        if (!out.startsWith("json=") || out.length() == "json=".length()) {
            throw new StandinFailure("unsupported --out value '" + out + "' (the stand-in writes only json=FILE)");
        }
        return out.substring("json=".length());
    }
}
