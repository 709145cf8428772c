package dev.k6runner.standin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the recording to replay: a {@code // k6-standin: <scenario>} directive wins, else the recording whose
 * script equals this one (whitespace-normalized; recordings sharing a script are told apart by the
 * override flags they were recorded with), else the wrapper's default scenario.
 */
final class Catalog {

    private static final Pattern DIRECTIVE = Pattern.compile("(?m)^\\s*//\\s*k6-standin:\\s*([A-Za-z0-9._-]+)");
    private static final List<String> OVERRIDES = List.of("iterations", "vus", "duration", "summary-trend-stats");

    private Catalog() {
    }

    static List<String> names() {
        try (InputStream in = Catalog.class.getResourceAsStream("/k6-recordings-index.txt")) {
            if (in == null) {
                throw new StandinFailure("the recordings index is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param eligible which recordings fit the command (a {@code k6 run} or a {@code k6 inspect} recording)
     * @param given    the flags of this invocation, to tell same-script recordings apart
     */
    static Recording choose(String script, Predicate<Recording> eligible, Set<String> given, String defaultScenario) {
        return choose(script, List.of(eligible), given, defaultScenario);
    }

    /**
     * As above, with tiers: a content match in an earlier tier wins over one in a later tier (an inspect recording
     * over a run recording of the same script); a directive or the default scenario may name any tier's.
     */
    static Recording choose(String script, List<Predicate<Recording>> tiers, Set<String> given, String defaultScenario) {
        Predicate<Recording> eligible = tiers.stream().reduce(r -> false, Predicate::or);
        Matcher directive = DIRECTIVE.matcher(script);
        if (directive.find()) {
            return named(directive.group(1), eligible, "the // k6-standin: directive");
        }
        for (Predicate<Recording> tier : tiers) {
            Recording best = bestMatch(normalize(script), tier, given);
            if (best != null) {
                return best;
            }
        }
        if (defaultScenario != null) {
            return named(defaultScenario, eligible, "--standin-default-scenario");
        }
        throw new StandinFailure("no recording matches this script (add // k6-standin: <scenario>)");
    }

    private static Recording bestMatch(String normalized, Predicate<Recording> eligible, Set<String> given) {
        Recording best = null;
        int bestScore = Integer.MIN_VALUE;
        for (String name : names()) {
            Recording candidate = new Recording(name);
            String recorded = candidate.text("script.js");
            if (recorded == null || !normalize(recorded).equals(normalized) || !eligible.test(candidate)) {
                continue;
            }
            int score = score(candidate.command(), given);
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    static String normalize(String script) {
        return script.strip().replaceAll("\\s+", " ");
    }

    private static Recording named(String name, Predicate<Recording> eligible, String source) {
        if (!names().contains(name)) {
            throw new StandinFailure("unknown scenario '" + name + "' in " + source + " (known: " + String.join(", ", names()) + ")");
        }
        Recording recording = new Recording(name);
        if (!eligible.test(recording)) {
            throw new StandinFailure("recording '" + name + "' (" + source + ") was not recorded with this command: "
                    + recording.command());
        }
        return recording;
    }

    /** Same override flags matter most, then whether --out was used too. */
    private static int score(String recordedCommand, Set<String> given) {
        List<String> tokens = List.of(recordedCommand.split("\\s+"));
        int score = 0;
        List<String> features = new ArrayList<>(OVERRIDES);
        features.add("out");
        for (String feature : features) {
            boolean recorded = tokens.stream().anyMatch(t -> t.equals("--" + feature) || t.startsWith("--" + feature + "="));
            if (recorded != given.contains(feature)) {
                score -= feature.equals("out") ? 1 : 10;
            }
        }
        return score;
    }
}
