package dev.k6runner.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** {@code run SCRIPT.js}: submits a run and, with {@code --wait}, follows it to its end. */
final class RunCommand {

    static final Command COMMAND = new Command("run",
            "run SCRIPT.js [--name N] [--vus N] [--duration D] [--iterations N] [--runners N] [--env K=V]... [--tag K=V]... "
                    + "[--timeout D] [--wait [--max-wait D] [--quiet]]",
            "submit a k6 script; with --wait follow it live and exit like k6 (0 passed, 99 thresholds failed, …)",
            Set.of("name", "vus", "duration", "iterations", "runners", "env", "tag", "timeout", "max-wait", "poll-interval"),
            Set.of("wait", "quiet"),
            RunCommand::execute);

    static final Duration DEFAULT_MAX_WAIT = Duration.ofHours(2);
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

    private RunCommand() {
    }

    static int execute(Args args, CliContext context) throws UsageException, GatewayException {
        // where k6 is installed, `k6 archive` bundles what the script needs; else its folder goes as a files map
        Optional<byte[]> archived = RunRequest.needsItsFolder(args)
                ? K6Archiver.archive(Path.of(args.single("script file")), context.env(), context.err()) : Optional.empty();
        String body = RunRequest.build(args, RunRequest.isArchive(args) || archived.isPresent()).toString();
        Duration maxWait = duration(args, "max-wait", DEFAULT_MAX_WAIT);
        Duration pollInterval = duration(args, "poll-interval", DEFAULT_POLL_INTERVAL);
        GatewayClient gateway = context.gateway(args);
        ApiResponse accepted;
        if (RunRequest.isArchive(args)) {
            accepted = gateway.submitArchive(readArchive(args), body, UUID.randomUUID().toString());
        } else {
            accepted = archived.isPresent() ? gateway.submitArchive(archived.get(), body, UUID.randomUUID().toString())
                    : gateway.submit(body, UUID.randomUUID().toString());
        }
        String testId = Json.text(accepted.json(), "test_id");
        if (testId == null) {
            context.err().println("error: the gateway accepted the run but sent no test_id: " + accepted.body());
            return ExitStatus.UNREACHABLE;
        }
        if (!args.flag("wait")) {
            if (args.flag("json")) {
                context.out().println(accepted.body());
            } else {
                Long position = Json.integer(accepted.json(), "queue_position");
                context.out().println(testId);
                context.err().println("submitted: " + Format.orDash(Json.text(accepted.json(), "status"))
                        + (position == null ? "" : ", queue position " + position)
                        + "; follow it with: k6runner status " + testId);
            }
            return ExitStatus.OK;
        }
        if (!args.flag("json")) {
            context.err().println("submitted " + testId + ", waiting for it to end (Ctrl-C stops waiting, not the run)");
        }
        return finish(new Waiter(gateway, context, pollInterval, !args.flag("quiet")).await(testId, maxWait), testId, args, context);
    }

    private static byte[] readArchive(Args args) throws UsageException {
        Path archive = Path.of(args.single("script file"));
        try {
            return Files.readAllBytes(archive);
        } catch (IOException e) {
            throw new UsageException("cannot read archive " + archive + ": " + e.getMessage());
        }
    }

    static int finish(JsonNode doc, String testId, Args args, CliContext context) {
        if (doc == null || !ExitStatus.isTerminal(Json.text(doc, "status"))) {
            context.err().println("still " + (doc == null ? "unknown" : Json.text(doc, "status"))
                    + " after --max-wait; the run goes on: k6runner status " + testId);
            if (args.flag("json") && doc != null) {
                context.out().println(Json.pretty(doc));
            }
            return ExitStatus.STILL_RUNNING;
        }
        if (args.flag("json")) {
            context.out().println(Json.pretty(doc));
        } else {
            context.lines(ResultRenderer.render(doc));
        }
        return ExitStatus.forResult(doc);
    }

    /** A k6-style duration option (30s, 5m, 1h30m), or seconds as a plain number. */
    static Duration duration(Args args, String option, Duration fallback) throws UsageException {
        String raw = args.value(option);
        if (raw == null) {
            return fallback;
        }
        return Durations.parse(raw).orElseThrow(() -> new UsageException(
                "--" + option + " must be a duration such as 30s, 5m or 1h30m, got '" + raw + "'"));
    }
}
