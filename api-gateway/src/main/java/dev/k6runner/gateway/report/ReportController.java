package dev.k6runner.gateway.report;

import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.k6runner.gateway.query.RunDocument;
import dev.k6runner.gateway.query.RunDocuments;
import dev.k6runner.gateway.teams.Caller;
import dev.k6runner.gateway.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A run's report: its result document as one self-contained HTML page, under the API's authentication. */
@RestController
@Tag(name = "runs")
class ReportController {

    private final RunDocuments documents;
    private final ReportPage page;
    private final JsonMapper mapper;

    ReportController(RunDocuments documents, ReportPage page, JsonMapper mapper) {
        this.documents = documents;
        this.page = page;
        this.mapper = mapper;
    }

    @Operation(summary = "The run's report: one self-contained HTML page",
            description = "Charts over the test's time (response-time percentiles, requests and errors per second, "
                    + "VUs, the load generator's CPU) with the anomalies marked where they happened, thresholds, "
                    + "per-endpoint table, checks, the baseline it was compared with and, for a multi-runner run, its "
                    + "segments. CSS, JS and data are inline: it requests nothing from any host, works saved as a "
                    + "file, and reloads itself every 5 s while the run is live.")
    @ApiResponse(responseCode = "200", description = "the report",
            content = @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", description = "`not-found`: no such run, or another team's",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping(path = "/api/v1/test/results/{test_id}/report", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> report(Caller caller, @PathVariable("test_id") UUID testId) {
        RunDocument document = documents.find(caller.teamId(), testId)
                .orElseThrow(() -> ApiProblem.notFound("no test run " + testId));
        JsonNode doc = mapper.valueToTree(document);
        String html = page.render(doc, pinnedBaseline(caller, doc));
        return HtmlPage.response(html);
    }

    /** The pinned run the analysis compared with, drawn under this one; absent when the baseline was a median. */
    private JsonNode pinnedBaseline(Caller caller, JsonNode doc) {
        JsonNode pinned = doc.path("anomaly_analysis").path("baseline").path("pinned_run_id");
        if (!pinned.isString()) {
            return null;
        }
        try {
            return documents.find(caller.teamId(), UUID.fromString(pinned.asString()))
                    .<JsonNode>map(mapper::valueToTree).orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
