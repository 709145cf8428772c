package dev.k6runner.gateway.ui;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.gateway.GatewayProperties.AuthMode;
import dev.k6runner.gateway.query.RunPage;
import dev.k6runner.gateway.query.RunSearch;
import dev.k6runner.gateway.query.RunSummary;
import dev.k6runner.gateway.report.HtmlPage;
import dev.k6runner.gateway.teams.Caller;
import dev.k6runner.gateway.web.ApiProblem;
import io.swagger.v3.oas.annotations.Hidden;

/** The team's recent runs as a page, filtered as the search API filters (its own query, its own checks). */
@Hidden
@Controller
class RunListController {

    private final RunSearch search;
    private final RunOutcomes outcomes;
    private final RunListPage page;
    private final GatewayProperties properties;

    RunListController(RunSearch search, RunOutcomes outcomes, RunListPage page, GatewayProperties properties) {
        this.search = search;
        this.outcomes = outcomes;
        this.page = page;
        this.properties = properties;
    }

    @GetMapping("/")
    ResponseEntity<Void> home() {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(PageRequests.RUN_LIST)).build();
    }

    @GetMapping(PageRequests.RUN_LIST)
    ResponseEntity<String> runs(Caller caller, HttpServletRequest request) {
        Map<String, String[]> filters = filled(request.getParameterMap());
        boolean loggedIn = properties.auth().mode() == AuthMode.API_KEY;
        try {
            RunPage runs = search.search(caller.teamId(), filters);
            var outcomesById = outcomes.of(runs.tests().stream().map(RunSummary::testId).toList());
            return HtmlPage.response(page.render(caller.teamId(), filters, runs, outcomesById, null, loggedIn));
        } catch (ApiProblem problem) {
            String html = page.render(caller.teamId(), filters, new RunPage(List.of(), null), Map.of(),
                    problem.getMessage(), loggedIn);
            return ResponseEntity.status(problem.status()).headers(HtmlPage.response(html).getHeaders()).body(html);
        }
    }

    /** The form sends every field, empty ones too; an empty field filters nothing (search would read name=""). */
    private static Map<String, String[]> filled(Map<String, String[]> query) {
        Map<String, String[]> filled = new LinkedHashMap<>();
        query.forEach((name, values) -> {
            String[] given = Arrays.stream(values).filter(value -> !value.isBlank()).toArray(String[]::new);
            if (given.length > 0) {
                filled.put(name, given);
            }
        });
        return filled;
    }
}
