package dev.k6runner.standin;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code k6 inspect [--execution-requirements] [--include-system-env-vars=…] script.js}. An inspect recording is
 * replayed byte for byte; k6 reads overrides for it only from its environment ({@code K6_VUS}, {@code K6_DURATION},
 * {@code K6_ITERATIONS}: inspect takes no {@code --vus} flags, recording inspect-scenarios), so those pick the
 * recording made with them. The script of a run recording has no inspect recording: its run's own banner says
 * how many VUs and how long, and that is all the stand-in prints, saying so. See docs/k6-standin.md.
 */
final class Inspect {

    /** The overrides k6 reads from its environment, and the {@code k6 run} flag each stands for, in k6's order. */
    private static final SequencedMap<String, String> OVERRIDES = orderedOverrides();
    private static final Pattern BANNER = Pattern.compile("(\\d+) max VUs, (\\S+) max duration \\(incl\\. graceful stop\\)");
    private static final String REFUSED_FLAG_RECORDED = "--vus";

    private final Terminal terminal;
    private final Map<String, String> environment;

    Inspect(Terminal terminal, Map<String, String> environment) {
        this.terminal = terminal;
        this.environment = environment;
    }

    /** The first {@code --vus/--duration/--iterations} of an inspect command line: flags k6 inspect does not know. */
    static Optional<String> flagK6Refuses(List<String> args) {
        int command = 0;
        while (command < args.size() && args.get(command).startsWith("-")) {
            command++;
        }
        if (command == args.size() || !args.get(command).equals("inspect")) {
            return Optional.empty();
        }
        return args.subList(command + 1, args.size()).stream()
                .map(arg -> arg.split("=", 2)[0])
                .filter(flag -> flag.startsWith("--") && OVERRIDES.containsValue(flag.substring(2)))
                .findFirst();
    }

    /** k6's refusal (recording inspect-scenarios, {@code flags-*}): the recorded line, naming the flag given. */
    int refuse(String flag) {
        Recording refused = new Recording("inspect-scenarios").variant("flags-");
        refused.lines("stderr.txt").forEach(line -> terminal.err(Logs.stampedNow(line.replace(REFUSED_FLAG_RECORDED, flag))));
        terminal.outRaw(refused.bytes("stdout.txt"));
        return refused.exitCode();
    }

    int run(CommandLine line, Project project, String defaultScenario) {
        Map<String, String> overrides = new LinkedHashMap<>();
        OVERRIDES.keySet().stream().filter(environment::containsKey).forEach(name -> overrides.put(name, environment.get(name)));
        Set<String> given = overrides.keySet().stream().map(OVERRIDES::get).collect(Collectors.toSet());
        boolean requirements = line.enabled("execution-requirements");
        Recording archived = ProjectRecordings.forInspect(project, given);
        if (archived != null) {
            return derive(archived, requirements);
        }
        Recording recording = Catalog.choose(project.script(), List.of(Recording::isInspect, Recording::isRun), given,
                defaultScenario);
        return recording.isInspect() ? replay(recording, requirements, overrides) : derive(recording, requirements);
    }

    private int replay(Recording recording, boolean requirements, Map<String, String> overrides) {
        Recording chosen = overrides.isEmpty() ? recording : withOverrides(recording, overrides);
        boolean recordedWithRequirements = chosen.command().contains("--execution-requirements");
        String stdout;
        if (recordedWithRequirements == requirements) {
            stdout = "stdout.txt";
        } else if (requirements && chosen.has("stdout-execution-requirements.txt")) {
            stdout = "stdout-execution-requirements.txt";
        } else {
            throw new StandinFailure("recording '" + recording.name() + "' holds only `" + chosen.command() + "`");
        }
        chosen.lines("stderr.txt").forEach(err -> terminal.err(Logs.stampedNow(err)));
        terminal.outRaw(chosen.bytes(stdout));
        return chosen.exitCode();
    }

    private Recording withOverrides(Recording recording, Map<String, String> overrides) {
        Recording variant = recording.variant("env-overrides-");
        if (!variant.has("command.txt")) {
            terminal.err("k6-standin: recording '" + recording.name() + "' has no inspect with " + text(overrides)
                    + " in the environment: replayed as recorded without them");
            return recording;
        }
        Map<String, String> recorded = new LinkedHashMap<>(variant.environment());
        recorded.keySet().retainAll(OVERRIDES.keySet());
        if (!recorded.equals(overrides)) {
            terminal.err("k6-standin: recording '" + recording.name() + "' was inspected with " + text(recorded) + ", not "
                    + text(overrides) + ": replayed as recorded");
        }
        return variant;
    }

    /** No inspect recording: a run that failed before running fails the same way; else its banner's figures. */
    private int derive(Recording recording, boolean requirements) {
        Console console = Console.of(recording.lines("stdout.txt"));
        if (!console.started()) {
            terminal.err("k6-standin: no inspect recording for '" + recording.name()
                    + "': inspect fails as its recorded run did (its error, exit " + recording.exitCode() + ")");
            recording.lines("stderr.txt").stream().filter(err -> !err.contains("msg=\"Error from API server\""))
                    .forEach(err -> terminal.err(Logs.stampedNow(err)));
            return recording.exitCode();
        }
        if (!requirements) {
            throw new StandinFailure("no inspect recording for '" + recording.name()
                    + "': only --execution-requirements can be derived (from its run's banner)");
        }
        Matcher banner = console.banner().stream().map(BANNER::matcher).filter(Matcher::find).findFirst()
                .orElseThrow(() -> new StandinFailure("recording '" + recording.name() + "' shows no 'max VUs' banner line"));
        terminal.err("k6-standin: no inspect recording for '" + recording.name() + "': maxVUs and totalDuration come from "
                + "its run's banner (" + banner.group() + "); the script's other options are not shown");
        terminal.outRaw(("{\n  \"totalDuration\": \"" + banner.group(2) + "\",\n  \"maxVUs\": " + banner.group(1) + "\n}")
                .getBytes(StandardCharsets.UTF_8));
        return 0;
    }

    private static String text(Map<String, String> variables) {
        return variables.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    private static SequencedMap<String, String> orderedOverrides() {
        SequencedMap<String, String> overrides = new LinkedHashMap<>();
        overrides.put("K6_VUS", "vus");
        overrides.put("K6_DURATION", "duration");
        overrides.put("K6_ITERATIONS", "iterations");
        return Collections.unmodifiableSequencedMap(overrides);
    }
}
