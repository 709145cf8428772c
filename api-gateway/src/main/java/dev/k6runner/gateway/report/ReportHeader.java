package dev.k6runner.gateway.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** The top of a run's report: what ran, where and when, how it ended, its key figures, or its live progress. */
final class ReportHeader {

    private ReportHeader() {
    }

    static Html of(JsonNode doc) {
        String status = Fmt.text(doc.path("status"));
        Verdict verdict = Verdict.of(doc);
        Html badges = Html.el("div").cls("badges").add(
                Html.el("span").cls("badge " + status).attr("id", "status").text(status),
                Html.el("span").cls("badge " + verdict.cssClass()).attr("id", "verdict").text(verdict.text()));
        JsonNode analysis = doc.path("anomaly_analysis");
        if (analysis.isObject()) {
            String severity = Fmt.text(analysis.path("severity"));
            badges.add(Html.el("span").cls("badge " + severity).text("severity " + severity));
        }
        return Html.el("header").add(
                Html.el("h1").attr("id", "run-name").text(Fmt.text(doc.path("name"))),
                badges,
                reason(doc),
                progress(doc),
                Html.el("section").cls("card").add(facts(doc)),
                figures(doc.path("metrics")));
    }

    private static Html reason(JsonNode doc) {
        JsonNode reason = doc.path("status_reason");
        return reason.isString() ? Html.el("p").cls("bad").attr("id", "status-reason").text(reason.asString()) : null;
    }

    private static Html progress(JsonNode doc) {
        JsonNode progress = doc.path("progress");
        if (doc.path("queue_position").isNumber()) {
            return Html.el("p").cls("live").attr("id", "live")
                    .text("Queued at place " + doc.path("queue_position").asLong() + ". This page refreshes itself.");
        }
        if (progress.isObject()) {
            return Html.el("p").cls("live").attr("id", "live").text("Running: %s s elapsed, %s requests (%s failed), %s VUs, as of %s. This page refreshes itself; the charts appear when the run ends."
                    .formatted(Fmt.number(progress.path("elapsed_seconds")), Fmt.number(progress.path("requests")),
                            Fmt.number(progress.path("failed_requests")), Fmt.number(progress.path("vus")),
                            Fmt.instant(progress.path("updated_at"))));
        }
        return Verdict.isLive(doc) ? Html.el("p").cls("live").attr("id", "live")
                .text("The run is " + Fmt.text(doc.path("status")) + ". This page refreshes itself.") : null;
    }

    private static Html facts(JsonNode doc) {
        JsonNode runner = doc.path("runner");
        JsonNode request = doc.path("request");
        Html facts = Html.el("dl").cls("facts");
        List<Map.Entry<String, String>> rows = new ArrayList<>(List.of(
                Map.entry("test id", Fmt.text(doc.path("test_id"))),
                Map.entry("submitted", Fmt.instant(doc.path("submitted_at"))),
                Map.entry("started", Fmt.instant(doc.path("started_at"))),
                Map.entry("finished", Fmt.instant(doc.path("finished_at"))),
                Map.entry("runner", runner.isObject() ? Fmt.text(runner.path("host")) + " (" + Fmt.text(runner.path("id")) + ")" : Fmt.NONE),
                Map.entry("k6 version", runner.isObject() ? Fmt.text(runner.path("k6_version")) : Fmt.NONE),
                Map.entry("k6 exit code", Fmt.text(doc.path("k6_exit_code"))),
                Map.entry("request", request(request))));
        if (request.path("tags").isObject() && !request.path("tags").isEmpty()) {
            rows.add(Map.entry("tags", request.path("tags").toString()));
        }
        if (request.path("files").isArray()) {
            rows.add(Map.entry("files", String.join(", ", strings(request.path("files")))));
        }
        if (request.path("archive").isObject()) {
            rows.add(Map.entry("archive", Fmt.bytes(request.path("archive").path("bytes")) + ", sha256 "
                    + Fmt.text(request.path("archive").path("sha256"))));
        }
        rows.forEach(row -> facts.add(Html.el("dt").text(row.getKey()), Html.el("dd").text(row.getValue())));
        return facts;
    }

    private static String request(JsonNode request) {
        List<String> parts = new ArrayList<>();
        parts.add("vus " + Fmt.text(request.path("vus")));
        parts.add("duration " + Fmt.text(request.path("duration")));
        parts.add("iterations " + Fmt.text(request.path("iterations")));
        parts.add("timeout " + Fmt.number(request.path("timeout_seconds")) + " s");
        List<String> env = strings(request.path("env_keys"));
        parts.add("env " + (env.isEmpty() ? Fmt.NONE : String.join(", ", env)));
        return String.join(" · ", parts);
    }

    private static Html figures(JsonNode metrics) {
        if (!metrics.isObject()) {
            return null;
        }
        Html figures = Html.el("div").cls("figures").attr("id", "figures");
        List<String[]> shown = List.of(
                new String[] {"p95_response_time_ms", "p95", "ms"}, new String[] {"p99_response_time_ms", "p99", "ms"},
                new String[] {"avg_response_time_ms", "average", "ms"}, new String[] {"max_response_time_ms", "max", "ms"},
                new String[] {"throughput_rps", "requests/s", "/s"}, new String[] {"error_rate", "error rate", "%"},
                new String[] {"total_requests", "requests", ""}, new String[] {"failed_requests", "failed", ""},
                new String[] {"vus_max", "max VUs", ""}, new String[] {"iterations", "iterations", ""},
                new String[] {"duration_seconds", "duration", "s"}, new String[] {"dropped_iterations", "dropped iterations", ""});
        for (String[] figure : shown) {
            figures.add(Html.el("div").cls("figure").add(
                    Html.el("div").cls("value").text(Fmt.withUnit(metrics.path(figure[0]), figure[2]).trim()),
                    Html.el("div").cls("label").text(figure[1])));
        }
        figures.add(Html.el("div").cls("figure").add(
                Html.el("div").cls("value").text(Fmt.bytes(metrics.path("data_received_bytes"))),
                Html.el("div").cls("label").text("received")));
        return figures;
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(value -> values.add(value.asString()));
        }
        return values;
    }
}
