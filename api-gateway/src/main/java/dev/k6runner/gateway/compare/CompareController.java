package dev.k6runner.gateway.compare;

import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.k6runner.gateway.query.RunDocuments;
import dev.k6runner.gateway.report.HtmlPage;
import dev.k6runner.gateway.teams.Caller;
import dev.k6runner.gateway.web.ApiProblem;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Two runs of the caller's team compared: JSON, or with {@code Accept: text/html} the same as a page. */
@RestController
@Tag(name = "runs")
class CompareController {

    private final RunDocuments documents;
    private final ComparePage page;
    private final JsonMapper mapper;

    CompareController(RunDocuments documents, ComparePage page, JsonMapper mapper) {
        this.documents = documents;
        this.page = page;
        this.mapper = mapper;
    }

    @Operation(summary = "Compare two runs: every metric side by side with a noise-aware verdict",
            description = "Per metric: base, head, change, relative change and a verdict (regression, improvement, "
                    + "no_change) from a Mann-Whitney U test over the runs' per-bucket series with a minimum effect; "
                    + "an overall verdict; per-endpoint changes. With Accept: text/html, a self-contained page.")
    @ApiResponse(responseCode = "200", description = "the comparison")
    @ApiResponse(responseCode = "400", description = "`invalid-parameter`: base or head missing or not a test id")
    @ApiResponse(responseCode = "404", description = "`not-found`: no such run, or another team's")
    @GetMapping(path = "/api/v1/test/compare", produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode compare(Caller caller, @RequestParam(name = "base", required = false) String base,
                     @RequestParam(name = "head", required = false) String head) {
        return Comparison.of(mapper, document(caller, "base", base), document(caller, "head", head));
    }

    /** The same as a page; hidden from springdoc, which would merge it with the JSON operation (the description says so). */
    @Hidden
    @GetMapping(path = "/api/v1/test/compare", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> comparePage(Caller caller, @RequestParam(name = "base", required = false) String base,
                                       @RequestParam(name = "head", required = false) String head) {
        JsonNode baseDoc = document(caller, "base", base);
        JsonNode headDoc = document(caller, "head", head);
        String html = page.render(Comparison.of(mapper, baseDoc, headDoc), baseDoc, headDoc);
        return HtmlPage.response(html);
    }

    private JsonNode document(Caller caller, String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw ApiProblem.badParameter(parameter, "the query needs " + parameter + "={test_id}");
        }
        UUID id;
        try {
            id = UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badParameter(parameter, parameter + " is not a test id: " + value);
        }
        return documents.find(caller.teamId(), id).<JsonNode>map(mapper::valueToTree)
                .orElseThrow(() -> ApiProblem.notFound("no test run " + id));
    }
}
