package dev.k6runner.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The demo: every sample script is submitted at once against the demo target, then followed
 * until all have ended, and summed up in one table with the anomalies found.
 */
final class DemoRun {

    static final String DEFAULT_TARGET = "http://127.0.0.1:18080";

    private DemoRun() {
    }

    static int execute(Args args, CliContext context) throws UsageException, GatewayException {
        args.noPositionals();
        Path samples = Path.of(args.value("samples") == null ? "samples" : args.value("samples"));
        String target = args.value("target-url") == null ? DEFAULT_TARGET : args.value("target-url");
        Duration maxWait = RunCommand.duration(args, "max-wait", Duration.ofMinutes(5));
        Duration pollInterval = RunCommand.duration(args, "poll-interval", Duration.ofSeconds(2));
        List<Path> scripts = scripts(samples, args.values("only"));
        GatewayClient gateway = context.gateway(args);
        Map<String, String> submitted = new LinkedHashMap<>();
        for (Path script : scripts) {
            String name = "demo-" + RunRequest.defaultName(script);
            ApiResponse accepted = gateway.submit(body(script, name, target), UUID.randomUUID().toString());
            submitted.put(name, Json.text(accepted.json(), "test_id"));
            context.err().println("submitted " + name + " → " + Json.text(accepted.json(), "test_id"));
        }
        Map<String, JsonNode> results = await(gateway, submitted, context, maxWait, pollInterval);
        context.lines(DemoTable.render(submitted, results));
        boolean allEnded = results.values().stream().allMatch(doc -> ExitStatus.isTerminal(Json.text(doc, "status")));
        return allEnded ? ExitStatus.OK : ExitStatus.STILL_RUNNING;
    }

    static List<Path> scripts(Path samples, List<String> only) throws UsageException {
        if (!Files.isDirectory(samples)) {
            throw new UsageException("no samples directory at " + samples.toAbsolutePath() + " (pass --samples DIR)");
        }
        try (Stream<Path> files = Files.list(samples)) {
            List<Path> scripts = files.filter(p -> p.getFileName().toString().endsWith(".js"))
                    .filter(p -> only.isEmpty() || only.contains(RunRequest.defaultName(p)))
                    .sorted().toList();
            if (scripts.isEmpty()) {
                throw new UsageException("no .js samples in " + samples.toAbsolutePath());
            }
            return scripts;
        } catch (IOException e) {
            throw new UsageException("cannot list " + samples + ": " + e.getMessage());
        }
    }

    private static String body(Path script, String name, String target) throws UsageException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        try {
            body.put("script", Files.readString(script));
        } catch (IOException e) {
            throw new UsageException("cannot read " + script + ": " + e.getMessage());
        }
        body.put("name", name);
        body.putObject("env").put("BASE_URL", target).put("TOKEN", "secret-token");
        body.putObject("tags").put("demo", "true");
        return body.toString();
    }

    private static Map<String, JsonNode> await(GatewayClient gateway, Map<String, String> submitted, CliContext context,
                                               Duration maxWait, Duration pollInterval) throws GatewayException {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        Instant deadline = context.clock().instant().plus(maxWait);
        String lastReport = null;
        while (true) {
            for (Map.Entry<String, String> run : submitted.entrySet()) {
                JsonNode previous = latest.get(run.getKey());
                if (previous == null || !ExitStatus.isTerminal(Json.text(previous, "status"))) {
                    latest.put(run.getKey(), gateway.result(run.getValue()).json());
                }
            }
            long ended = latest.values().stream().filter(doc -> ExitStatus.isTerminal(Json.text(doc, "status"))).count();
            String report = ended + "/" + submitted.size() + " runs ended " + statuses(latest);
            if (!report.equals(lastReport)) {
                context.err().println(report);
                lastReport = report;
            }
            if (ended == submitted.size() || !context.clock().instant().isBefore(deadline)) {
                return latest;
            }
            try {
                Thread.sleep(pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return latest;
            }
        }
    }

    /** How many live runs are in each status, e.g. {@code running 3, queued 2}: changes as runs move. */
    private static String statuses(Map<String, JsonNode> latest) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        latest.values().stream().map(doc -> Json.text(doc, "status"))
                .filter(status -> !ExitStatus.isTerminal(status))
                .forEach(status -> counts.merge(status, 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((status, count) -> parts.add(status + " " + count));
        return parts.isEmpty() ? "" : "(" + String.join(", ", parts) + ")";
    }
}
