package dev.k6runner.bench.generator;

import java.util.List;
import java.util.Map;

import dev.k6runner.runner.stream.StreamTags;

/**
 * One way of running the benchmark's k6: plainly, the runner's way, or a candidate for a cheaper runner.
 *
 * @param output      {@code fifo} (folded as the runner does), {@code none}, or an {@code --out} value as given
 * @param environment added to the run's clean environment (an output's own settings)
 */
record Variant(String shortName, String label, String output, List<String> extraFlags, Map<String, String> environment,
               String goal) {

    /** The runner's command line without {@code --out}: what a user runs by hand. */
    static final Variant PLAIN = new Variant("plain", "plain k6 run", "none", List.of(), Map.of(), "-");

    /** What the runner passes for a test without threshold selectors: the digest's tags (runner/stream StreamTags). */
    static final String DIGEST_TAGS = StreamTags.flagValue(List.of(), null).orElseThrow();

    /** Stands for the prometheus receiver's URL until the benchmark knows its port. */
    static final String RECEIVER = "{receiver}";

    /** The variants of these short names, plain always first: every ratio is to plain. */
    static List<Variant> named(List<String> shortNames) {
        return all().stream().filter(v -> v == PLAIN || shortNames.contains(v.shortName())).toList();
    }

    static List<Variant> all() {
        String tags = "--system-tags=" + DIGEST_TAGS;
        return List.of(PLAIN,
                new Variant("runner", "runner's k6 before (k6's default system tags, --out json to the pipe, folded"
                        + " in-process)", "fifo", List.of(), Map.of(), "≥ 0.95×"),
                new Variant("runner+tags", "runner's k6 now (the same with StreamTags' " + tags + ")",
                        "fifo", List.of(tags), Map.of(), "≥ 0.95×"),
                new Variant("json-null", "k6 with --out json=/dev/null, not folded (k6's own encoding cost)",
                        "json=/dev/null", List.of(), Map.of(), "- (where the time goes)"),
                new Variant("json-null+tags", "k6 with --out json=/dev/null and " + tags + ", not folded",
                        "json=/dev/null", List.of(tags), Map.of(), "- (the floor of the tags candidate)"),
                new Variant("csv-null", "k6 with --out csv=/dev/null (k6's CSV output, 1 s save interval), not read",
                        "csv=/dev/null", List.of(), Map.of(), "- (candidate output, not recorded)"),
                new Variant("prom-rw", "k6 with --out experimental-prometheus-rw, trends as native histograms, 1 s pushes to a"
                        + " loopback receiver that discards them", "experimental-prometheus-rw", List.of(),
                        Map.of("K6_PROMETHEUS_RW_SERVER_URL", RECEIVER, "K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM", "true",
                                "K6_PROMETHEUS_RW_PUSH_INTERVAL", "1s"), "- (candidate output, not recorded)"));
    }
}
