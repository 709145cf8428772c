package dev.k6runner.gateway.ui;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.k6runner.gateway.query.RunSummary;
import dev.k6runner.gateway.report.Fmt;
import dev.k6runner.gateway.report.Html;
import dev.k6runner.gateway.report.Verdict;
import dev.k6runner.gateway.ui.RunOutcomes.Outcome;

/** One page of runs as a table: each run's report link, status, verdict and key figures, and its compare picks. */
final class RunTable {

    private static final String COMPARE_FORM = "compare";

    private RunTable() {
    }

    /** The compare form; the table's radio buttons belong to it ({@code form=compare}), one base and one head. */
    static Html compareForm() {
        return Html.el("form").attr("method", "get").attr("action", "/api/v1/test/compare").attr("id", COMPARE_FORM)
                .cls("compare-pick").add(
                        Html.el("span").cls("note").text("Pick a base and a head run below, then "),
                        Html.el("button").attr("type", "submit").attr("id", "compare-button").text("Compare base → head"));
    }

    static Html of(List<RunSummary> runs, Map<UUID, Outcome> outcomes) {
        if (runs.isEmpty()) {
            return Html.el("div").cls("empty").attr("id", "no-runs").text("No runs match.");
        }
        Html head = Html.el("tr");
        for (String title : List.of("base", "head", "name", "status", "verdict", "severity", "submitted", "duration",
                "requests", "p95 ms", "errors %")) {
            head.add(Html.el("th").text(title));
        }
        Html body = Html.el("tbody");
        runs.forEach(run -> body.add(row(run, outcomes.getOrDefault(run.testId(), Outcome.NONE))));
        return Html.el("table").attr("id", "runs").add(Html.el("thead").add(head), body);
    }

    private static Html row(RunSummary run, Outcome outcome) {
        Verdict verdict = Verdict.of(run.status(), outcome.thresholdsPassed(), run.severity(), outcome.anomalies());
        String severity = run.severity() == null ? Fmt.NONE : run.severity();
        return Html.el("tr").attr("data-test-id", run.testId()).add(
                Html.el("td").add(pick("base", run.testId())),
                Html.el("td").add(pick("head", run.testId())),
                Html.el("td").cls("name").add(Html.el("a").cls("report").attr("href",
                        "/api/v1/test/results/" + run.testId() + "/report").text(run.name())),
                Html.el("td").add(Html.el("span").cls("badge status " + run.status()).text(run.status())),
                Html.el("td").add(Html.el("span").cls("badge verdict " + verdict.cssClass()).text(verdict.text())),
                Html.el("td").add(Html.el("span").cls("badge severity " + severity).text(severity)),
                Html.el("td").text(when(run.submittedAt())),
                num(run.durationSeconds() == null ? Fmt.NONE : Fmt.offset(Math.round(run.durationSeconds())).substring(1)),
                num(run.totalRequests() == null ? Fmt.NONE : String.valueOf(run.totalRequests())),
                num(number(run.p95ResponseTimeMs())),
                num(number(run.errorRate())));
    }

    private static Html pick(String role, UUID testId) {
        return Html.el("input").attr("type", "radio").attr("name", role).attr("value", testId).attr("form", COMPARE_FORM)
                .attr("required", "required").attr("aria-label", role + " " + testId);
    }

    private static Html num(String text) {
        return Html.el("td").cls("num").text(text);
    }

    private static String number(Double value) {
        return value == null ? Fmt.NONE : Fmt.number(value);
    }

    private static String when(Instant at) {
        return at == null ? Fmt.NONE : at.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", " UTC");
    }
}
