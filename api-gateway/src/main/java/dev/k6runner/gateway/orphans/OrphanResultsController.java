package dev.k6runner.gateway.orphans;

import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.k6runner.gateway.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Orphan results, for operators holding the admin token (checked by the admin token filter on /admin/**): results
 * that arrived after their run was interrupted. The run stays interrupted; the result is kept here to be read.
 */
@RestController
@RequestMapping("/admin/orphan-results")
@Tag(name = "admin", description = "Teams and API keys; needs Authorization: Bearer <admin token>")
class OrphanResultsController {

    private static final int MOST = 500;

    private final OrphanResultStore orphans;

    OrphanResultsController(OrphanResultStore orphans) {
        this.orphans = orphans;
    }

    @Operation(summary = "Results that arrived after their run was interrupted, newest first",
            description = "Each names its run, attempt, runner and the outcome k6 reached; the whole result is at "
                    + "/admin/orphan-results/{attemptId}. `limit` is 1 to 500 (default 100).")
    @GetMapping
    List<OrphanResultStore.OrphanResult> newest(@RequestParam(defaultValue = "100") int limit) {
        return orphans.newest(Math.clamp(limit, 1, MOST));
    }

    @Operation(summary = "One orphan result with the whole result the runner sent (summary, console tail, digest)")
    @ApiResponse(responseCode = "200", description = "the orphan result")
    @ApiResponse(responseCode = "404", description = "`not-found`: no orphan result of this attempt",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/{attemptId}")
    OrphanResultStore.OrphanResult ofAttempt(@PathVariable UUID attemptId) {
        return orphans.ofAttempt(attemptId).orElseThrow(() -> ApiProblem.notFound("no orphan result of attempt " + attemptId));
    }
}
