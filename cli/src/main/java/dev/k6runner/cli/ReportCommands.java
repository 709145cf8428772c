package dev.k6runner.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/** The commands that show runs to people and CI: a run's HTML report saved to a file, and two runs compared. */
final class ReportCommands {

    static final List<Command> ALL = List.of(
            new Command("report", "report TEST_ID [-o FILE]",
                    "save the run's self-contained HTML report (charts, anomalies, thresholds, endpoints) to a file",
                    Set.of("output"), Set.of(), ReportCommands::report),
            new Command("compare", "compare BASE_ID HEAD_ID",
                    "compare two runs metric by metric with a noise-aware verdict; exits 1 on an overall regression (a CI gate)",
                    Set.of(), Set.of(), ReportCommands::compare));

    private ReportCommands() {
    }

    static int report(Args args, CliContext context) throws UsageException, GatewayException {
        String testId = args.single("test id");
        Path file = Path.of(args.value("output") == null ? "report-" + testId + ".html" : args.value("output"));
        ApiResponse response = context.gateway(args).report(testId);
        try {
            Files.writeString(file, response.body(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            context.err().println("error: cannot write " + file + ": " + e.getMessage());
            return ExitStatus.FAILED;
        }
        context.err().println("saved the report of " + testId + " to " + file + " (" + response.body().length() / 1024
                + " KB; open it in a browser, it works offline)");
        return ExitStatus.OK;
    }

    static int compare(Args args, CliContext context) throws UsageException, GatewayException {
        List<String> ids = args.positionals();
        if (ids.size() != 2) {
            throw new UsageException("expected two test ids, BASE and HEAD, got " + ids.size());
        }
        ApiResponse response = context.gateway(args).compare(ids.get(0), ids.get(1));
        if (args.flag("json")) {
            context.out().println(response.body());
        } else {
            context.lines(render(response.json()));
        }
        return "regression".equals(Json.text(response.json(), "verdict")) ? ExitStatus.REGRESSION : ExitStatus.OK;
    }

    /** The comparison as a table: the judged metrics first, then the endpoints that changed. */
    static List<String> render(JsonNode comparison) {
        List<String> lines = new ArrayList<>();
        lines.add("Compare " + Format.orDash(Json.text(comparison.path("base"), "name")) + " (" + Json.text(comparison.path("base"), "test_id")
                + ") -> " + Format.orDash(Json.text(comparison.path("head"), "name")) + " (" + Json.text(comparison.path("head"), "test_id") + ")");
        lines.add("Verdict: " + Format.orDash(Json.text(comparison, "verdict")).toUpperCase(Locale.ROOT));
        lines.add("");
        lines.add(String.format(Locale.ROOT, "  %-24s %14s %14s %10s  %s", "metric", "base", "head", "change", "verdict"));
        for (JsonNode metric : comparison.path("metrics")) {
            boolean judged = metric.path("judged").asBoolean(false);
            lines.add(String.format(Locale.ROOT, "  %-24s %14s %14s %10s  %s", Json.text(metric, "metric"),
                    number(metric.path("base")), number(metric.path("head")), percent(metric.path("relative_change")),
                    judged ? Json.text(metric, "verdict") : "-"));
        }
        List<String> endpoints = new ArrayList<>();
        for (JsonNode endpoint : comparison.path("endpoints")) {
            String verdict = Json.text(endpoint, "verdict");
            if (!"no_change".equals(verdict)) {
                endpoints.add(String.format(Locale.ROOT, "  %-12s p95 %10s  %s %s %s", verdict,
                        percent(endpoint.path("p95_relative_change")), Json.text(endpoint, "method"),
                        Json.text(endpoint, "name"), Json.text(endpoint, "status")));
            }
        }
        if (!endpoints.isEmpty()) {
            lines.add("");
            lines.add("Endpoints that changed:");
            lines.addAll(endpoints);
        }
        return lines;
    }

    private static String number(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%,.2f", value.asDouble()) : "-";
    }

    private static String percent(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%+.1f%%", 100 * value.asDouble()) : "-";
    }
}
