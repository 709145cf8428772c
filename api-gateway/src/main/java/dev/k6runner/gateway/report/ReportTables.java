package dev.k6runner.gateway.report;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** The report's tables: per endpoint (sortable), checks by group, and the segments of a multi-runner run. */
final class ReportTables {

    private ReportTables() {
    }

    static Html endpoints(JsonNode endpoints) {
        Html section = Html.el("section").attr("id", "endpoints").add(Html.el("h2").text("Endpoints"));
        if (!endpoints.isArray() || endpoints.isEmpty()) {
            return section.add(Html.el("p").cls("note").text("No HTTP requests recorded per endpoint."));
        }
        Html rows = Html.el("tbody");
        for (JsonNode endpoint : endpoints) {
            long requests = endpoint.path("requests").asLong();
            long failed = endpoint.path("failed_requests").asLong();
            rows.add(Html.el("tr").add(
                    cell(endpoint.path("method").asString(""), null),
                    cell(endpoint.path("name").asString(""), null).cls("name"),
                    cell(endpoint.path("status").asString(""), null),
                    cell(Fmt.number(requests), requests),
                    cell(Fmt.number(failed), failed).cls(failed > 0 ? "num bad" : "num"),
                    cell(Fmt.number(endpoint.path("avg_ms")), endpoint.path("avg_ms").asDouble()),
                    cell(Fmt.number(endpoint.path("p95_ms")), endpoint.path("p95_ms").asDouble()),
                    cell(Fmt.number(endpoint.path("max_ms")), endpoint.path("max_ms").asDouble())));
        }
        Html head = Html.el("tr");
        for (String title : List.of("method", "name", "status", "requests", "failed", "avg ms", "p95 ms", "max ms")) {
            head.add(Html.el("th").cls(title.contains("ms") || title.equals("requests") || title.equals("failed") ? "num" : null)
                    .text(title));
        }
        return section.add(Html.el("p").cls("note").text("Click a column to sort."),
                Html.el("div").cls("card").add(Html.el("table").cls("sortable").attr("id", "endpoint-table")
                        .add(Html.el("thead").add(head), rows)));
    }

    private static Html cell(String text, Number sortKey) {
        Html cell = Html.el("td").attr("data-sort", sortKey == null ? text : sortKey).text(text);
        return sortKey == null ? cell : cell.cls("num");
    }

    /** Checks by group, from k6's summary export ({@code root_group}: groups and checks keyed by name). */
    static Html checks(JsonNode rawSummary) {
        Html section = Html.el("section").attr("id", "checks").add(Html.el("h2").text("Checks and groups"));
        JsonNode root = rawSummary.path("root_group");
        Html rows = Html.el("tbody");
        int[] count = {0};
        walk(root, rows, count);
        if (count[0] == 0) {
            return section.add(Html.el("p").cls("note").text("The run recorded no groups or checks."));
        }
        return section.add(Html.el("div").cls("card").add(Html.el("table").add(Html.el("thead").add(Html.el("tr").add(
                Html.el("th").text("group"), Html.el("th").text("check"), Html.el("th").cls("num").text("passed"),
                Html.el("th").cls("num").text("failed"), Html.el("th").cls("num").text("pass rate"))), rows)));
    }

    private static void walk(JsonNode group, Html rows, int[] count) {
        if (!group.isObject()) {
            return;
        }
        String path = group.path("path").asString("").replaceFirst("^::", "");
        for (Map.Entry<String, JsonNode> check : group.path("checks").properties()) {
            long passes = check.getValue().path("passes").asLong();
            long fails = check.getValue().path("fails").asLong();
            double rate = passes + fails == 0 ? 0 : 100.0 * passes / (passes + fails);
            rows.add(Html.el("tr").add(Html.el("td").text(path.isEmpty() ? "(root)" : path.replace("::", " › ")),
                    Html.el("td").cls("name").text(check.getKey()), Html.el("td").cls("num").text(Fmt.number(passes)),
                    Html.el("td").cls(fails > 0 ? "num bad" : "num").text(Fmt.number(fails)),
                    Html.el("td").cls("num").text(Fmt.number(rate) + " %")));
            count[0]++;
        }
        for (Map.Entry<String, JsonNode> child : group.path("groups").properties()) {
            if (child.getValue().path("checks").isEmpty() && child.getValue().path("groups").isEmpty()) {
                rows.add(Html.el("tr").add(Html.el("td").text(child.getValue().path("path").asString("")
                        .replaceFirst("^::", "").replace("::", " › ")), Html.el("td").cls("note").text("no checks"),
                        Html.el("td"), Html.el("td"), Html.el("td")));
                count[0]++;
            }
            walk(child.getValue(), rows, count);
        }
    }

    /** The execution segments of a test spread over several runners, each with its own outcome and figures. */
    static Html segments(JsonNode segments) {
        if (!segments.isArray() || segments.isEmpty()) {
            return null;
        }
        Html rows = Html.el("tbody");
        for (JsonNode segment : segments) {
            JsonNode metrics = segment.path("metrics");
            rows.add(Html.el("tr").add(
                    Html.el("td").cls("num").text(Fmt.text(segment.path("index"))),
                    Html.el("td").text(Fmt.text(segment.path("segment"))),
                    Html.el("td").cls("host").text(Fmt.text(segment.path("runner").path("host"))),
                    Html.el("td").add(Html.el("span").cls("badge " + segment.path("status").asString(""))
                            .text(Fmt.text(segment.path("status")))),
                    Html.el("td").cls("num").text(Fmt.text(segment.path("k6_exit_code"))),
                    Html.el("td").cls("num").text(Fmt.number(metrics.path("total_requests"))),
                    Html.el("td").cls("num").text(Fmt.number(metrics.path("throughput_rps"))),
                    Html.el("td").cls("num").text(Fmt.number(metrics.path("p95_response_time_ms"))),
                    Html.el("td").cls("num").text(Fmt.withUnit(metrics.path("error_rate"), "%")),
                    // a segment stopped for another's failure or the merged thresholds is "completed": this says why
                    Html.el("td").cls("reason").text(Fmt.text(segment.path("status_reason")))));
        }
        Html head = Html.el("tr");
        for (String title : List.of("#", "segment", "runner", "status", "exit", "requests", "requests/s", "p95 ms", "errors", "why it ended")) {
            head.add(Html.el("th").text(title));
        }
        return Html.el("section").attr("id", "segments").add(Html.el("h2").text("Segments"),
                Html.el("p").cls("note").text("The test ran as " + segments.size()
                        + " k6 execution segments; the figures above are of the merged data."),
                Html.el("div").cls("card").add(Html.el("table").add(Html.el("thead").add(head), rows)));
    }

    static Html console(JsonNode consoleOutput, boolean open) {
        if (!consoleOutput.isString() || consoleOutput.asString().isBlank()) {
            return null;
        }
        Html details = Html.el("details").add(Html.el("summary").text("k6's console output (its last part)"),
                Html.el("pre").cls("console").attr("id", "console").text(consoleOutput.asString()));
        return Html.el("section").add(Html.el("h2").text("Console"), open ? details.attr("open", "open") : details);
    }
}
