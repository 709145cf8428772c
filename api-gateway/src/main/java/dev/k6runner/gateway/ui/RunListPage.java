package dev.k6runner.gateway.ui;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.k6runner.gateway.query.RunPage;
import dev.k6runner.gateway.report.Html;
import dev.k6runner.gateway.report.HtmlPage;
import dev.k6runner.gateway.ui.RunOutcomes.Outcome;

/**
 * The run list: the search's filters as a form (sent back to /ui), one page of runs with links to their reports,
 * a pick of two runs to compare, and "more" for the next page. No script of its own: forms and links only.
 */
@Component
class RunListPage {

    private static final List<String> STATUSES = List.of("queued", "running", "analyzing", "completed", "failed",
            "cancelled", "timed_out", "interrupted");

    private final HtmlPage page;

    RunListPage(HtmlPage page) {
        this.page = page;
    }

    /**
     * @param filters  the query as given (empty fields dropped), to fill the form and the "more" link
     * @param error    why the filters were refused, or null
     * @param loggedIn true where a logout makes sense (api-key mode)
     */
    String render(String team, Map<String, String[]> filters, RunPage runs, Map<UUID, Outcome> outcomes, String error,
                  boolean loggedIn) {
        Html main = Html.el("main").add(
                Html.el("div").cls("page-head").add(Html.el("h1").text("Runs of team " + team), loggedIn ? logout() : null),
                filterForm(new Filters(filters)),
                error == null ? null : Html.el("p").cls("bad").attr("id", "filter-error").text(error),
                RunTable.compareForm(),
                RunTable.of(runs.tests(), outcomes),
                more(filters, runs.nextCursor()),
                Html.el("footer").text("k6-runner. Reports and comparisons open as pages; the API serves the same as JSON."));
        return page.render("Runs · " + team + " · k6-runner", main, "{}", null, true, false);
    }

    private static Html logout() {
        return Html.el("form").attr("method", "post").attr("action", "/ui/logout").attr("id", "logout")
                .add(Html.el("button").attr("type", "submit").text("Log out"));
    }

    private static Html filterForm(Filters filters) {
        Html statuses = Html.el("fieldset").add(Html.el("legend").text("status"));
        for (String status : STATUSES) {
            Html box = Html.el("input").attr("type", "checkbox").attr("name", "status").attr("value", status);
            statuses.add(Html.el("label").add(filters.has("status", status) ? box.attr("checked", "checked") : box,
                    Html.fragment().text(" " + status + " ")));
        }
        Html anomalies = Html.el("input").attr("type", "checkbox").attr("name", "anomalies_only").attr("value", "true")
                .attr("id", "f-anomalies");
        return Html.el("form").attr("method", "get").attr("action", PageRequests.RUN_LIST).attr("id", "filters")
                .cls("card filters").add(
                        field("name", "name", "text", filters.one("name"), "exact test name"),
                        field("tag", "tag", "text", filters.one("tag"), "key:value"),
                        field("since", "since", "date", filters.one("since"), null),
                        field("until", "until", "date", filters.one("until"), null),
                        field("min error rate %", "min_error_rate", "number", filters.one("min_error_rate"), null),
                        field("max avg response ms", "max_response_time", "number", filters.one("max_response_time"), null),
                        Html.el("label").add(filters.has("anomalies_only", "true") ? anomalies.attr("checked", "checked")
                                : anomalies, Html.fragment().text(" with anomalies only")),
                        statuses,
                        Html.el("input").attr("type", "hidden").attr("name", "limit").attr("value", filters.one("limit")),
                        Html.el("button").attr("type", "submit").attr("id", "apply").text("Filter"),
                        Html.el("a").attr("href", PageRequests.RUN_LIST).text(" clear"));
    }

    private static Html field(String label, String name, String type, String value, String placeholder) {
        Html input = Html.el("input").attr("type", type).attr("name", name).attr("id", "f-" + name.replace('_', '-'))
                .attr("value", value).attr("placeholder", placeholder);
        if ("number".equals(type)) {
            input.attr("min", "0").attr("step", "any");
        }
        return Html.el("label").add(Html.fragment().text(label + " "), input);
    }

    private static Html more(Map<String, String[]> filters, String nextCursor) {
        if (nextCursor == null) {
            return Html.el("p").cls("note").attr("id", "end").text("No more runs.");
        }
        return Html.el("p").add(Html.el("a").attr("id", "more")
                .attr("href", PageRequests.RUN_LIST + "?" + Filters.queryWith(filters, "cursor", nextCursor)).text("More runs →"));
    }
}
