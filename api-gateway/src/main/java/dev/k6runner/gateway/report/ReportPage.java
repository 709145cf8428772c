package dev.k6runner.gateway.report;

import java.util.List;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A run's report from its result document as the results endpoint serves it (snake_case JSON), so that the
 * page shows what the API says and nothing else; segments and other members added to the document later
 * appear here as soon as they are served.
 */
@Component
class ReportPage {

    /** How often a live run's page reloads itself. */
    static final int REFRESH_SECONDS = 5;

    private final HtmlPage page;
    private final JsonMapper mapper;

    ReportPage(HtmlPage page, JsonMapper mapper) {
        this.page = page;
        this.mapper = mapper;
    }

    /**
     * @param doc         the run's result document
     * @param baselineRun the document of the pinned run it was compared with, or null
     */
    String render(JsonNode doc, JsonNode baselineRun) {
        ChartData.Timeline timeline = ChartData.Timeline.of(doc);
        List<AnomalyMarks.Mark> marks = AnomalyMarks.of(doc.path("anomaly_analysis").path("anomalies"), timeline);
        JsonNode analysis = doc.path("anomaly_analysis");
        Html main = Html.el("main").add(
                ReportHeader.of(doc),
                charts(doc, timeline),
                ReportFindings.anomalies(analysis, marks),
                doc.path("thresholds").isObject() ? ReportFindings.thresholds(doc.path("thresholds")) : null,
                analysis.isObject() ? ReportFindings.baseline(analysis, baselineRun) : null,
                ReportTables.segments(doc.path("segments")),
                doc.path("endpoints").isArray() ? ReportTables.endpoints(doc.path("endpoints")) : null,
                doc.path("raw_summary").isObject() ? ReportTables.checks(doc.path("raw_summary")) : null,
                ReportTables.console(doc.path("console_output"), !"completed".equals(doc.path("status").asString(""))),
                Html.el("footer").text("k6-runner report of run " + Fmt.text(doc.path("test_id"))
                        + ". Self-contained: it works saved as a file, offline."));
        String json = mapper.writeValueAsString(data(doc, timeline, baselineRun, marks));
        String title = Fmt.text(doc.path("name")) + " · " + Fmt.text(doc.path("status")) + " · k6-runner report";
        return page.render(title, main, json, null);
    }

    private static Html charts(JsonNode doc, ChartData.Timeline timeline) {
        Html section = Html.el("section").attr("id", "charts").add(Html.el("h2").text("Over the test's time"));
        if (timeline.isEmpty()) {
            String why = Verdict.isLive(doc) ? "The charts appear when the run ends: the runner hands its timeline over then."
                    : "This run recorded no metrics over time, so there is nothing to chart.";
            return section.add(Html.el("div").cls("empty").attr("id", "no-charts").text(why));
        }
        Html grid = Html.el("div").cls("charts");
        List<String[]> charts = List.of(new String[] {"latency", "Response time (http_req_duration)"},
                new String[] {"throughput", "Requests and errors per second"}, new String[] {"vus", "Active VUs"},
                new String[] {"cpu", "Load generator (k6) CPU"});
        for (String[] chart : charts) {
            grid.add(Html.el("div").cls("card chart").add(Html.el("h3").text(chart[1]),
                    Html.el("div").cls("plot").attr("id", "chart-" + chart[0])));
        }
        JsonNode generator = doc.path("load_generator");
        String cpu = generator.isObject()
                ? "k6's CPU: average " + Fmt.number(generator.path("cpu_avg_percent")) + " %, peak "
                        + Fmt.number(generator.path("cpu_peak_percent")) + " % over " + Fmt.number(generator.path("samples"))
                        + " samples" + (generator.path("saturated").asBoolean() ? "; SATURATED: the figures describe the load generator more than the system" : "")
                        + (timeline.hasGeneratorCpu() ? "." : ". This run's runner kept only the average and the peak, not a"
                                + " series, so the CPU chart draws those two levels.")
                : "No load generator samples.";
        return section.add(grid, Html.el("p").cls("note").attr("id", "cpu-note").text(
                "Buckets of " + timeline.bucketSeconds() + " s; x is the time since the run's first bucket. " + cpu));
    }

    private ObjectNode data(JsonNode doc, ChartData.Timeline timeline, JsonNode baselineRun, List<AnomalyMarks.Mark> marks) {
        ObjectNode data = mapper.createObjectNode();
        data.put("test_id", Fmt.text(doc.path("test_id")));
        if (Verdict.isLive(doc)) {
            data.put("refresh_seconds", REFRESH_SECONDS);
        }
        if (timeline.isEmpty()) {
            return data;
        }
        ObjectNode columns = ChartData.columns(mapper, timeline, ChartData.Timeline.of(baselineRun));
        int length = columns.path("x").size();
        JsonNode baseline = doc.path("anomaly_analysis").path("baseline");
        if (baselineRun == null && "compared".equals(baseline.path("status").asString(""))) {
            constant(columns, "base_p95", baseline.path("p95_response_time_ms"), length);
            constant(columns, "base_rps", baseline.path("throughput_rps"), length);
        }
        JsonNode generator = doc.path("load_generator");
        if (generator.isObject() && !timeline.hasGeneratorCpu()) {
            constant(columns, "cpu_avg", generator.path("cpu_avg_percent"), length);
            constant(columns, "cpu_peak", generator.path("cpu_peak_percent"), length);
        }
        data.set("columns", columns);
        data.set("marks", mapper.valueToTree(marks));
        return data;
    }

    private static void constant(ObjectNode columns, String name, JsonNode value, int length) {
        if (value.isNumber()) {
            ArrayNode column = columns.putArray(name);
            for (int i = 0; i < length; i++) {
                column.add(ChartData.round(value.asDouble()));
            }
        }
    }
}
