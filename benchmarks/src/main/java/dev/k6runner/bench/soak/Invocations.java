package dev.k6runner.bench.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The k6 stand-in's invocation log ({"args":[...],"env":{...},"cwd":"..."} per line), mapped to runs: the
 * runner starts k6 inside the run's work folder, named by the run id, so the cwd (or failing that, a path
 * argument such as the script's) names the run.
 */
public final class Invocations {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern UUID_SEGMENT = Pattern.compile(
            "(?:^|/)([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?=/|$)");
    private static final Pattern TOKEN = Pattern.compile("soak-token: ([A-Za-z0-9-]+)");

    /** One start of k6. */
    public record Invocation(List<String> args, String cwd) {

        /** A {@code k6 run}: the first argument that is not a flag is the command. */
        public boolean isRun() {
            return args.stream().filter(a -> !a.startsWith("-")).findFirst().map("run"::equals).orElse(false);
        }

        /** The run this invocation belongs to: the last UUID folder of the cwd, else of any path argument. */
        public Optional<UUID> runId() {
            Optional<UUID> fromCwd = lastUuid(cwd);
            if (fromCwd.isPresent()) {
                return fromCwd;
            }
            for (String arg : args) {
                Optional<UUID> fromArg = lastUuid(arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : arg);
                if (fromArg.isPresent()) {
                    return fromArg;
                }
            }
            return Optional.empty();
        }
    }

    /** How the log maps onto runs: k6 runs per run id, and runs that could not be attributed. */
    public record Tally(Map<UUID, Integer> runsPerId, int unattributed, int runInvocations) {

        public int executions(UUID runId) {
            return runsPerId.getOrDefault(runId, 0);
        }

        /** Runs started more than once. */
        public List<UUID> duplicated() {
            return runsPerId.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
        }
    }

    private Invocations() {
    }

    public static List<Invocation> parse(String ndjson) {
        List<Invocation> invocations = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            List<String> args = new ArrayList<>();
            node.path("args").forEach(a -> args.add(a.asString()));
            invocations.add(new Invocation(List.copyOf(args), node.path("cwd").asString("")));
        }
        return invocations;
    }

    public static Tally tally(List<Invocation> invocations) {
        Map<UUID, Integer> perRun = new HashMap<>();
        int unattributed = 0;
        int runs = 0;
        for (Invocation invocation : invocations) {
            if (!invocation.isRun()) {
                continue;
            }
            runs++;
            Optional<UUID> id = invocation.runId();
            if (id.isPresent()) {
                perRun.merge(id.get(), 1, Integer::sum);
            } else {
                unattributed++;
            }
        }
        return new Tally(Map.copyOf(perRun), unattributed, runs);
    }

    /** The soak's own marker in a script, which ties a submission to its run before the run id is known. */
    public static Optional<String> token(String script) {
        Matcher matcher = TOKEN.matcher(script);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static Optional<UUID> lastUuid(String path) {
        if (path == null) {
            return Optional.empty();
        }
        Matcher matcher = UUID_SEGMENT.matcher(path);
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        return Optional.ofNullable(last).map(UUID::fromString);
    }
}
