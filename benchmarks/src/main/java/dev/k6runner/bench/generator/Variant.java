package dev.k6runner.bench.generator;

import java.util.List;

/** One way of running the benchmark's k6: plainly, the runner's way, or a candidate for a cheaper runner. */
record Variant(String shortName, String label, String output, List<String> extraFlags, String goal) {

    /** The runner's command line without {@code --out}: what a user runs by hand. */
    static final Variant PLAIN = new Variant("plain", "plain k6 run", "none", List.of(), "-");

    /** The tags the digest reads (endpoint, sub-metric selectors the analyzer shows, checks, groups). */
    static final String DIGEST_TAGS = "method,name,status,expected_response,check,group,scenario";

    static List<Variant> all() {
        return List.of(PLAIN,
                new Variant("runner", "runner's k6 (K6Command's line, --out json to the pipe, folded in-process)",
                        "fifo", List.of(), "≥ 0.95×"),
                new Variant("runner+tags", "runner's k6 with --system-tags=" + DIGEST_TAGS + " (folded)",
                        "fifo", List.of("--system-tags=" + DIGEST_TAGS), "≥ 0.95× (candidate)"),
                new Variant("devnull", "k6 with --out json=/dev/null, not folded (k6's own encoding cost)",
                        "/dev/null", List.of(), "- (where the time goes)"));
    }
}
