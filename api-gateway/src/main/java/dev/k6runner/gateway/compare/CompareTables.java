package dev.k6runner.gateway.compare;

import java.util.Locale;

import dev.k6runner.gateway.report.Html;
import tools.jackson.databind.JsonNode;

/** The compare page's tables: metrics and endpoints side by side, each with its verdict. */
final class CompareTables {

    private CompareTables() {
    }

    static Html metrics(JsonNode metrics) {
        Html body = Html.el("tbody");
        for (JsonNode metric : metrics) {
            JsonNode by = metric.path("decided_by");
            String how = by.isObject() ? String.format(Locale.ROOT, "%s, p=%.2g", by.path("series").asString(),
                    by.path("p_value").asDouble()) : "not judged";
            body.add(Html.el("tr").attr("data-metric", metric.path("metric").asString()).add(
                    cell(metric.path("metric").asString()), num(metric.path("base")), num(metric.path("head")),
                    num(metric.path("change")), percent(metric.path("relative_change")),
                    verdictCell(metric.path("verdict").asString(), metric.path("judged").asBoolean()),
                    Html.el("td").cls("note").text(how)));
        }
        return Html.el("section").attr("id", "metrics").add(Html.el("h2").text("Metrics"),
                Html.el("table").cls("sortable").attr("id", "metric-table").add(
                        head("metric", "base", "head", "change", "relative", "verdict", "decided by"), body));
    }

    static Html endpoints(JsonNode endpoints) {
        Html body = Html.el("tbody");
        for (JsonNode endpoint : endpoints) {
            body.add(Html.el("tr").add(
                    Html.el("td").cls("name").text(endpoint.path("method").asString() + " " + endpoint.path("name").asString()
                            + " " + endpoint.path("status").asString()),
                    num(endpoint.path("base").path("p95_ms")), num(endpoint.path("head").path("p95_ms")),
                    percent(endpoint.path("p95_relative_change")), percent(endpoint.path("error_rate_change")),
                    verdictCell(endpoint.path("verdict").asString(), true)));
        }
        return Html.el("section").attr("id", "endpoints").add(Html.el("h2").text("Endpoints"),
                Html.el("table").cls("sortable").attr("id", "endpoint-table").add(
                        head("endpoint", "base p95 ms", "head p95 ms", "p95 change", "error rate change", "verdict"), body));
    }

    private static Html head(String... names) {
        Html row = Html.el("tr");
        for (String name : names) {
            row.add(Html.el("th").text(name));
        }
        return Html.el("thead").add(row);
    }

    private static Html cell(String text) {
        return Html.el("td").attr("data-sort", text).text(text);
    }

    private static Html num(JsonNode value) {
        String text = value.isNumber() ? String.format(Locale.ROOT, "%,.2f", value.asDouble()) : "–";
        return Html.el("td").cls("num").attr("data-sort", value.isNumber() ? value.asDouble() : "").text(text);
    }

    private static Html percent(JsonNode value) {
        String text = value.isNumber() ? String.format(Locale.ROOT, "%+.1f %%", 100 * value.asDouble()) : "–";
        return Html.el("td").cls("num").attr("data-sort", value.isNumber() ? value.asDouble() : "").text(text);
    }

    private static Html verdictCell(String verdict, boolean judged) {
        return Html.el("td").cls("verdict").attr("data-sort", verdict)
                .add(Html.el("span").cls("badge " + (judged ? verdict : "")).text(judged ? verdict : "–"));
    }
}
