package dev.k6runner.standin;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code --include-system-env-vars} changes in a replay: a recording made with a clean environment
 * ({@code env -i K=V … k6 run …}, recording process-env) holds the run with the environment as {@code __ENV}, and
 * its {@code without-*} files the run with {@code =false}. {@code k6 run}'s default is true.
 */
final class ProcessEnvironment {

    private static final String FLAG = "include-system-env-vars";
    /** Where the recorder's machine kept things: their values say nothing about what the script saw. */
    private static final Set<String> MACHINE_PATHS = Set.of("PATH", "HOME");

    private ProcessEnvironment() {
    }

    /**
     * The variant of {@code recording} this invocation replays. When the recorded environment reached the script
     * but this one differs, stderr says so (naming this invocation's variables, never their values).
     */
    static Recording variantFor(Recording recording, CommandLine line, Map<String, String> environment, Terminal terminal) {
        boolean included = !line.has(FLAG) || line.enabled(FLAG);
        if (!included && recording.has("without-command.txt")) {
            return recording.variant("without-");
        }
        Map<String, String> recorded = recording.environment();
        if (included && !recorded.isEmpty() && !sameForTheScript(recorded, environment)) {
            terminal.err("k6-standin: recording '" + recording.name() + "' ran with the environment " + recorded.keySet()
                    + " (" + scriptVisible(recorded) + "); this one holds " + new TreeSet<>(environment.keySet())
                    + ": what the script saw in __ENV is replayed as recorded");
        }
        return recording;
    }

    private static boolean sameForTheScript(Map<String, String> recorded, Map<String, String> environment) {
        if (!new TreeSet<>(recorded.keySet()).equals(new TreeSet<>(environment.keySet()))) {
            return false;
        }
        return recorded.entrySet().stream()
                .allMatch(e -> MACHINE_PATHS.contains(e.getKey()) || e.getValue().equals(environment.get(e.getKey())));
    }

    private static String scriptVisible(Map<String, String> recorded) {
        Map<String, String> values = new TreeMap<>(recorded);
        values.keySet().removeAll(MACHINE_PATHS);
        return values.toString();
    }
}
