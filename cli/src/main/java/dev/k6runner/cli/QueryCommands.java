package dev.k6runner.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/** The commands that read or cancel runs: status, cancel, history, search, stats, health. */
final class QueryCommands {

    static final List<Command> ALL = List.of(
            new Command("status", "status TEST_ID", "show a run: live progress, or its summary once it ended (exit status as for run --wait)",
                    Set.of(), Set.of(), QueryCommands::status),
            new Command("cancel", "cancel TEST_ID", "cancel a queued or running run (k6 stops gracefully, partial results are kept)",
                    Set.of(), Set.of(), QueryCommands::cancel),
            new Command("baseline", "baseline TEST_ID [--unpin]",
                    "pin a completed run as the baseline of its test name (later runs are compared with it); --unpin removes the pin",
                    Set.of(), Set.of("unpin"), QueryCommands::baseline),
            new Command("history", "history [--limit N] [--cursor C]", "list runs, newest first",
                    Set.of("limit", "cursor"), Set.of(), QueryCommands::history),
            new Command("search", "search [--anomalies-only] [--min-error-rate PCT] [--max-response-time MS] [--name N] "
                    + "[--status S]... [--tag K:V]... [--since T] [--until T] [--limit N] [--cursor C]",
                    "find runs; --since/--until take ISO-8601 times, UTC days (2026-11-20) or ages such as 24h or 7d",
                    Set.of("min-error-rate", "max-response-time", "name", "status", "tag", "since", "until", "limit", "cursor"),
                    Set.of("anomalies-only"), QueryCommands::search),
            new Command("stats", "stats [--days N]", "runs, failures and anomalies over the last N days (default 7)",
                    Set.of("days"), Set.of(), QueryCommands::stats),
            new Command("health", "health", "the service's health: database, Kafka, k6 and the live runners (exit 7 unless UP)",
                    Set.of(), Set.of(), QueryCommands::health));

    private QueryCommands() {
    }

    static int status(Args args, CliContext context) throws UsageException, GatewayException {
        String testId = args.single("test id");
        ApiResponse response = context.gateway(args).result(testId);
        JsonNode doc = response.json();
        boolean ended = ExitStatus.isTerminal(Json.text(doc, "status"));
        if (args.flag("json")) {
            context.out().println(response.body());
        } else if (ended) {
            context.lines(ResultRenderer.render(doc));
        } else {
            context.out().println("Run " + testId + " \"" + Format.orDash(Json.text(doc, "name")) + "\"");
            context.out().println("  " + ProgressRenderer.line(doc, context.clock().instant()));
        }
        return ended ? ExitStatus.forResult(doc) : ExitStatus.OK;
    }

    static int cancel(Args args, CliContext context) throws UsageException, GatewayException {
        String testId = args.single("test id");
        ApiResponse response = context.gateway(args).cancel(testId);
        if (args.flag("json")) {
            context.out().println(response.body().isBlank() ? "{\"test_id\":\"" + testId + "\",\"cancel_requested\":true}" : response.body());
        } else {
            context.out().println("cancel requested for " + testId
                    + ": k6 stops gracefully and partial results are kept (k6runner status " + testId + ")");
        }
        return ExitStatus.OK;
    }

    static int baseline(Args args, CliContext context) throws UsageException, GatewayException {
        String testId = args.single("test id");
        GatewayClient gateway = context.gateway(args);
        boolean unpin = args.flag("unpin");
        ApiResponse response = unpin ? gateway.unpinBaseline(testId) : gateway.pinBaseline(testId);
        if (args.flag("json")) {
            context.out().println(response.body().isBlank() ? "{\"test_id\":\"" + testId + "\",\"pinned\":" + !unpin + "}" : response.body());
        } else if (unpin) {
            context.out().println("unpinned " + testId + ": its test's baseline is computed from recent runs again");
        } else {
            context.out().println("pinned " + testId + " as the baseline of \"" + Format.orDash(Json.text(response.json(), "name"))
                    + "\": later runs of that name are compared with it");
        }
        return ExitStatus.OK;
    }

    static int history(Args args, CliContext context) throws UsageException, GatewayException {
        args.noPositionals();
        List<Map.Entry<String, String>> query = new ArrayList<>();
        page(args, query);
        ApiResponse response = context.gateway(args).history(query);
        return list(response, "k6runner history" + limitHint(args), args, context);
    }

    static int search(Args args, CliContext context) throws UsageException, GatewayException {
        args.noPositionals();
        ApiResponse response = context.gateway(args).search(SearchQuery.build(args, context.clock().instant()));
        return list(response, "k6runner search …", args, context);
    }

    static int stats(Args args, CliContext context) throws UsageException, GatewayException {
        args.noPositionals();
        Integer days = args.intValue("days", 1, 3650);
        ApiResponse response = context.gateway(args).statistics(days == null ? 7 : days);
        if (args.flag("json")) {
            context.out().println(response.body());
        } else {
            context.lines(StatisticsRenderer.render(response.json()));
        }
        return ExitStatus.OK;
    }

    static int health(Args args, CliContext context) throws UsageException, GatewayException {
        args.noPositionals();
        ApiResponse response = context.gateway(args).health();
        if (args.flag("json")) {
            context.out().println(response.body());
        } else {
            context.lines(HealthRenderer.render(response.json()));
        }
        return HealthRenderer.up(response.json()) ? ExitStatus.OK : ExitStatus.UNHEALTHY;
    }

    static void page(Args args, List<Map.Entry<String, String>> query) throws UsageException {
        Integer limit = args.intValue("limit", 1, 500);
        if (limit != null) {
            query.add(Map.entry("limit", limit.toString()));
        }
        if (args.value("cursor") != null) {
            query.add(Map.entry("cursor", args.value("cursor")));
        }
    }

    private static String limitHint(Args args) {
        return args.value("limit") == null ? "" : " --limit " + args.value("limit");
    }

    private static int list(ApiResponse response, String nextPageCommand, Args args, CliContext context) {
        if (args.flag("json")) {
            context.out().println(response.body());
        } else {
            context.lines(RunListRenderer.render(response.json(), nextPageCommand));
        }
        return ExitStatus.OK;
    }
}
