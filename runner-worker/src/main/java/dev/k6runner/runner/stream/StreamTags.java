package dev.k6runner.runner.stream;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The system tags a runner's k6 writes on its {@code --out json} stream (issue 18, the runner's own cost): every tag
 * k6 writes costs it encoding time on every point, and {@code url} and {@code proto} alone are a quarter of a
 * request's bytes. The fold reads {@code method}, {@code name} and {@code status} (endpoints), {@code check} and
 * {@code group} (checks and groups), {@code expected_response} (k6 v0.49 creates the summary's
 * {@code http_req_duration{expected_response:true}} only while that tag is on: metrics/engine/engine.go), and the
 * keys of every sub-metric selector. {@code scenario} stays because a script can read it ({@code exec.vu.tags}).
 *
 * <p>{@code --system-tags} changes k6 itself, not only its stream, so the choice keeps k6's own results: every key a
 * threshold selects by stays on (a selector on a dropped tag would match nothing and turn k6's verdict), the chosen
 * set is a subset of k6's defaults (a selector on {@code ip} or {@code vu} keeps matching nothing, as by default),
 * and a script that chose its own {@code systemTags} keeps its choice: no flag at all. ({@code K6_SYSTEM_TAGS} cannot
 * be given: the runner keeps every {@code K6_*} name out of k6's environment.)
 */
public final class StreamTags {

    /** k6 v0.49's default system tags (metrics/system_tag.go, {@code DefaultSystemTagSet}), in its order. */
    static final List<String> K6_DEFAULTS = List.of("proto", "subproto", "status", "method", "url", "name", "group",
            "check", "error", "error_code", "tls_version", "scenario", "service", "expected_response");

    /** What the digest and k6's own summary need whatever the script. */
    static final Set<String> DIGEST = Set.of("method", "name", "status", "expected_response", "check", "group", "scenario");

    private StreamTags() {
    }

    /**
     * The value of {@code --system-tags} for a run, or empty to leave k6's default.
     *
     * @param thresholdNames the keys of the resolved {@code thresholds} (as {@code k6 inspect} prints them):
     *                       {@code http_req_duration}, {@code http_req_duration{name:checkout,status:200}}…
     * @param resolved       the resolved {@code systemTags}: {@code k6 inspect --execution-requirements} prints k6's
     *                       defaults when the script chose none (real k6 v0.49, by hand), plain inspect prints null
     */
    public static Optional<String> flagValue(Collection<String> thresholdNames, Collection<String> resolved) {
        if (resolved != null && !Set.copyOf(resolved).equals(Set.copyOf(K6_DEFAULTS))) {
            return Optional.empty();
        }
        Set<String> selected = new LinkedHashSet<>();
        thresholdNames.forEach(name -> selected.addAll(selectorKeys(name)));
        List<String> kept = K6_DEFAULTS.stream().filter(tag -> DIGEST.contains(tag) || selected.contains(tag)).toList();
        return Optional.of(String.join(",", kept));
    }

    /**
     * The keys of a threshold name's selector, split as k6's {@code metrics.ParseMetricName} does (between the first
     * {@code {} and the last {@code }}, on {@code ,}, each part up to its first {@code :}), trimmed and unquoted
     * generously: a key read too widely only keeps one tag more.
     */
    static Set<String> selectorKeys(String thresholdName) {
        int open = thresholdName.indexOf('{');
        int close = thresholdName.lastIndexOf('}');
        Set<String> keys = new LinkedHashSet<>();
        if (open < 0 || close < open) {
            return keys;
        }
        for (String part : thresholdName.substring(open + 1, close).split(",")) {
            int colon = part.indexOf(':');
            keys.add((colon < 0 ? part : part.substring(0, colon)).strip().replace("\"", "").replace("'", ""));
        }
        return keys;
    }
}
