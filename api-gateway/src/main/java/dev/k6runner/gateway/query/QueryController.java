package dev.k6runner.gateway.query;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.k6runner.gateway.teams.Caller;
import dev.k6runner.gateway.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.enums.ParameterStyle;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The run document, history and search; every read is scoped to the caller's team. */
@RestController
@Tag(name = "runs")
class QueryController {

    private final RunDocuments documents;
    private final RunSearch search;

    QueryController(RunDocuments documents, RunSearch search) {
        this.documents = documents;
        this.search = search;
    }

    @Operation(summary = "The full result document of a run",
            description = "While running it carries live `progress`; `queue_position` while queued (1 = next). "
                    + "`metrics`, `thresholds`, `anomaly_analysis`, `raw_summary` are null until analysed. "
                    + "Extensions: `timeline`, `endpoints`, `load_generator` from the runner's stream, "
                    + "`cancel_requested_at`, `pinned_baseline`, `request.timeout_seconds`.")
    @ApiResponse(responseCode = "200", description = "the run's document")
    @ApiResponse(responseCode = "404", description = "`not-found`: no such run, or another team's",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping(path = "/api/v1/test/results/{test_id}", produces = MediaType.APPLICATION_JSON_VALUE)
    RunDocument result(Caller caller, @PathVariable("test_id") UUID testId) {
        return documents.find(caller.teamId(), testId)
                .orElseThrow(() -> ApiProblem.notFound("no test run " + testId));
    }

    @Operation(summary = "Runs newest first, by cursor",
            parameters = {
                @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1..500, default 20",
                        schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "20")),
                @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "next_cursor of the previous page",
                        schema = @Schema(type = "string"))})
    @GetMapping(path = "/api/v1/test/history", produces = MediaType.APPLICATION_JSON_VALUE)
    RunPage history(Caller caller, HttpServletRequest request) {
        return search.page(caller.teamId(), RunFilter.parse(request.getParameterMap(), RunFilter.HISTORY_PARAMETERS));
    }

    @Operation(summary = "Runs matching every given filter, newest first, by cursor",
            description = "Unknown parameters are refused (400) so that a typo never silently widens a search. "
                    + "`status` may repeat or be comma-separated; `tag=key:value` may repeat; `since`/`until` take "
                    + "an ISO-8601 instant or a date (UTC), `until` exclusive.",
            parameters = {
                @Parameter(name = "anomalies_only", in = ParameterIn.QUERY, description = "true: only runs with anomalies",
                        schema = @Schema(type = "boolean")),
                @Parameter(name = "min_error_rate", in = ParameterIn.QUERY, description = "error_rate >= this (percent)",
                        schema = @Schema(type = "number", format = "double", minimum = "0", maximum = "100")),
                @Parameter(name = "max_response_time", in = ParameterIn.QUERY, description = "avg_response_time_ms <= this",
                        schema = @Schema(type = "number", format = "double", minimum = "0")),
                @Parameter(name = "name", in = ParameterIn.QUERY, description = "exact test name", schema = @Schema(type = "string")),
                @Parameter(name = "status", in = ParameterIn.QUERY, description = "one or more statuses (repeat the "
                        + "parameter, or separate them with commas)", style = ParameterStyle.FORM, explode = Explode.TRUE,
                        array = @ArraySchema(schema = @Schema(type = "string", allowableValues = {"queued", "running",
                            "analyzing", "completed", "failed", "cancelled", "timed_out", "interrupted"}))),
                @Parameter(name = "tag", in = ParameterIn.QUERY, description = "key:value; repeated tags must all match",
                        style = ParameterStyle.FORM, explode = Explode.TRUE,
                        array = @ArraySchema(schema = @Schema(type = "string", example = "team:payments", pattern = "^[^:]+:.*$"))),
                @Parameter(name = "since", in = ParameterIn.QUERY, description = "submitted at or after: an ISO-8601 "
                        + "instant or a date (UTC)", schema = @Schema(type = "string", example = "2026-11-20")),
                @Parameter(name = "until", in = ParameterIn.QUERY, description = "submitted before (exclusive): an ISO-8601 "
                        + "instant or a date (UTC)", schema = @Schema(type = "string", example = "2026-11-21T12:00:00Z")),
                @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1..500, default 20",
                        schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "20")),
                @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "next_cursor of the previous page",
                        schema = @Schema(type = "string"))})
    @GetMapping(path = "/api/v1/test/search", produces = MediaType.APPLICATION_JSON_VALUE)
    RunPage search(Caller caller, HttpServletRequest request) {
        return search.page(caller.teamId(), RunFilter.parse(request.getParameterMap(), RunFilter.SEARCH_PARAMETERS));
    }
}
