package dev.k6runner.gateway.compare;

import java.util.Locale;

import org.springframework.stereotype.Component;

import dev.k6runner.gateway.report.ChartData;
import dev.k6runner.gateway.report.Html;
import dev.k6runner.gateway.report.HtmlPage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The comparison as a page: both runs named, the overall verdict, base and head latency and request rate overlaid
 * (base dashed grey, aligned on seconds since each run's first bucket), the metric table with verdicts, the
 * endpoints' changes. Built on the report's page shell, so it is as self-contained and as locked down.
 */
@Component
class ComparePage {

    private final HtmlPage page;
    private final JsonMapper mapper;

    ComparePage(HtmlPage page, JsonMapper mapper) {
        this.page = page;
        this.mapper = mapper;
    }

    String render(JsonNode comparison, JsonNode base, JsonNode head) {
        String verdict = comparison.path("verdict").asString();
        Html main = Html.el("main").add(
                Html.el("h1").text("Compare " + name(base) + " → " + name(head)),
                Html.el("div").cls("badges").add(Html.el("span").cls("badge " + verdict).attr("id", "verdict").text(verdict)),
                Html.el("dl").cls("facts").add(
                        Html.el("dt").text("base"), Html.el("dd").attr("id", "base-run").text(describe(base)),
                        Html.el("dt").text("head"), Html.el("dd").attr("id", "head-run").text(describe(head))),
                charts(base, head),
                CompareTables.metrics(comparison.path("metrics")),
                CompareTables.endpoints(comparison.path("endpoints")),
                Html.el("p").cls("note").text(comparison.path("method").asString()),
                Html.el("footer").text("k6-runner comparison. Self-contained: it works saved as a file, offline."));
        return page.render("Compare · " + verdict + " · k6-runner", main, mapper.writeValueAsString(data(base, head)), null);
    }

    private static Html charts(JsonNode base, JsonNode head) {
        Html section = Html.el("section").attr("id", "charts").add(Html.el("h2").text("Base and head over the test's time"));
        if (ChartData.Timeline.of(head).isEmpty()) {
            return section.add(Html.el("div").cls("empty").attr("id", "no-charts").text("The head run has no timeline to chart."));
        }
        Html grid = Html.el("div").cls("charts").add(
                chart("latency", "Response time: head p50/p95/p99, base p95 (dashed)"),
                chart("throughput", "Requests and errors per second: head, base requests/s (dashed)"));
        return section.add(grid, Html.el("p").cls("note").text("x is the time since each run's first bucket."));
    }

    private static Html chart(String id, String title) {
        return Html.el("div").cls("card chart").add(Html.el("h3").text(title), Html.el("div").cls("plot").attr("id", "chart-" + id));
    }

    private ObjectNode data(JsonNode base, JsonNode head) {
        ObjectNode data = mapper.createObjectNode();
        ChartData.Timeline headTimeline = ChartData.Timeline.of(head);
        if (!headTimeline.isEmpty()) {
            data.set("columns", ChartData.columns(mapper, headTimeline, ChartData.Timeline.of(base)));
        }
        data.putObject("labels").put("p50", "head p50").put("p95", "head p95").put("p99", "head p99")
                .put("base_p95", "base p95").put("rps", "head requests/s").put("eps", "head errors/s")
                .put("base_rps", "base requests/s");
        return data;
    }

    private static String name(JsonNode run) {
        return run.path("name").asString("");
    }

    private static String describe(JsonNode run) {
        return String.format(Locale.ROOT, "%s · %s · %s · finished %s", run.path("name").asString(""),
                run.path("test_id").asString(""), run.path("status").asString(""), run.path("finished_at").asString("–"));
    }
}
