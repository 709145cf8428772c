package dev.k6runner.gateway.report;

import java.util.List;

import tools.jackson.databind.JsonNode;

/** What the run was judged by: its thresholds, the analysis' anomalies (with where they happened) and its baseline. */
final class ReportFindings {

    private ReportFindings() {
    }

    static Html thresholds(JsonNode thresholds) {
        Html section = Html.el("section").attr("id", "thresholds").add(Html.el("h2").text("Thresholds"));
        JsonNode results = thresholds.path("results");
        if (!results.isArray() || results.isEmpty()) {
            return section.add(Html.el("p").cls("note").text("The script declared no thresholds."));
        }
        Html rows = Html.el("tbody");
        for (JsonNode result : results) {
            boolean passed = result.path("passed").asBoolean();
            rows.add(Html.el("tr").add(
                    Html.el("td").cls(passed ? "ok" : "bad").text(passed ? "pass" : "FAIL"),
                    Html.el("td").cls("name").text(Fmt.text(result.path("metric"))),
                    Html.el("td").cls("name").text(Fmt.text(result.path("expression")))));
        }
        return section.add(Html.el("div").cls("card").add(Html.el("table").add(
                Html.el("thead").add(Html.el("tr").add(Html.el("th").text("result"), Html.el("th").text("metric"),
                        Html.el("th").text("threshold"))), rows)));
    }

    static Html anomalies(JsonNode analysis, List<AnomalyMarks.Mark> marks) {
        Html section = Html.el("section").attr("id", "anomalies").add(Html.el("h2").text("Anomalies"));
        if (!analysis.isObject()) {
            return section.add(Html.el("p").cls("note").text("No analysis yet."));
        }
        JsonNode anomalies = analysis.path("anomalies");
        Html note = Html.el("p").cls("note").text("Analysis by " + Fmt.text(analysis.path("analyzer")) + ", confidence "
                + Fmt.number(analysis.path("confidence")) + ". " + analysis.path("summary").asString(""));
        if (!anomalies.isArray() || anomalies.isEmpty()) {
            return section.add(note, Html.el("p").cls("ok").text("No anomalies found."));
        }
        Html list = Html.el("ol").cls("anomalies");
        for (int i = 0; i < anomalies.size(); i++) {
            JsonNode anomaly = anomalies.get(i);
            String severity = Fmt.text(anomaly.path("severity"));
            list.add(Html.el("li").attr("id", "anomaly-" + (i + 1)).attr("data-type", anomaly.path("type").asString("")).add(
                    Html.el("span").cls("badge " + severity).text(severity), Html.trusted(" "),
                    Html.el("strong").text(Fmt.text(anomaly.path("type"))), Html.trusted(" "),
                    Html.el("span").cls("where").text(where(i, marks)),
                    Html.el("div").text(Fmt.text(anomaly.path("message"))),
                    anomaly.path("recommendation").isString()
                            ? Html.el("div").cls("advice").text("→ " + anomaly.path("recommendation").asString()) : null));
        }
        return section.add(note, Html.el("div").cls("card").add(list));
    }

    private static String where(int index, List<AnomalyMarks.Mark> marks) {
        return marks.stream().filter(mark -> mark.index() == index).findFirst().map(mark -> switch (mark.type()) {
            case "error_burst" -> "from " + Fmt.offset(mark.from()) + " to " + Fmt.offset(mark.to()) + " (marked on requests/s)";
            case "latency_degradation" -> "from " + Fmt.offset(mark.from()) + ", p95 above " + Fmt.number(mark.level())
                    + " ms (marked on response time)";
            case "saturation_point" -> "at " + Fmt.offset(mark.from()) + ", " + Fmt.number(mark.level())
                    + " VUs (marked on active VUs)";
            default -> "";
        }).orElse("(the whole run)");
    }

    /** The baseline the analysis compared with, and how it is drawn on the charts. */
    static Html baseline(JsonNode analysis, JsonNode baselineRun) {
        JsonNode baseline = analysis.path("baseline");
        Html section = Html.el("section").attr("id", "baseline").add(Html.el("h2").text("Baseline"));
        if (!baseline.isObject()) {
            return section.add(Html.el("p").cls("note").text("Not compared with a baseline."));
        }
        String status = Fmt.text(baseline.path("status"));
        String text = switch (status) {
            case "pinned" -> "Compared with the pinned run " + Fmt.text(baseline.path("pinned_run_id"))
                    + (baselineRun != null ? ", drawn dashed grey on the charts." : " (no longer stored).");
            case "compared" -> "Compared with the median of the last " + baseline.path("runs").asInt()
                    + " completed runs of this test, drawn as dashed grey lines.";
            case "insufficient_history" -> "Not compared: only " + baseline.path("runs").asInt() + " earlier completed run"
                    + (baseline.path("runs").asInt() == 1 ? "" : "s") + " of this test.";
            default -> "Not compared (" + status + ").";
        };
        Html figures = Html.el("dl").cls("facts").add(
                Html.el("dt").text("baseline p95"), Html.el("dd").text(Fmt.withUnit(baseline.path("p95_response_time_ms"), "ms")),
                Html.el("dt").text("baseline average"), Html.el("dd").text(Fmt.withUnit(baseline.path("avg_response_time_ms"), "ms")),
                Html.el("dt").text("baseline error rate"), Html.el("dd").text(Fmt.withUnit(baseline.path("error_rate"), "%")),
                Html.el("dt").text("baseline requests/s"), Html.el("dd").text(Fmt.number(baseline.path("throughput_rps"))));
        boolean compared = "pinned".equals(status) || "compared".equals(status);
        return section.add(Html.el("div").cls("card").add(Html.el("p").attr("id", "baseline-text").text(text),
                compared ? figures : null));
    }
}
