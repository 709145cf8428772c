package dev.k6runner.gateway.baseline;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.k6runner.gateway.baseline.BaselineStore.Pinned;
import dev.k6runner.gateway.teams.Caller;
import dev.k6runner.gateway.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Extension: pin a completed run as its test's baseline (table {@code baselines}), or unpin it. */
@RestController
@Tag(name = "baselines")
class BaselineController {

    private final BaselineStore baselines;

    BaselineController(BaselineStore baselines) {
        this.baselines = baselines;
    }

    @Operation(summary = "Pin this completed run as the baseline of its test name",
            description = "The analyzer compares later runs of the same `name` with it instead of a computed baseline. "
                    + "Replaces an earlier pin of that name. 409 unless the run is completed; 404 when unknown.")
    @ApiResponse(responseCode = "200", description = "pinned")
    @ApiResponse(responseCode = "404", description = "`not-found`: no such run, or another team's",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "`not-completed`: only a completed run can be a baseline",
            content = @Content(mediaType = "application/problem+json"))
    @PostMapping("/api/v1/test/results/{test_id}/baseline")
    Pinned pin(Caller caller, @PathVariable("test_id") UUID testId) {
        return baselines.pin(caller.teamId(), testId).orElseThrow(() -> {
            String status = status(caller, testId);
            return ApiProblem.of(HttpStatus.CONFLICT, "not-completed", "Run not completed",
                    "only a completed run can be a baseline; this one is '" + status + "'");
        });
    }

    @Operation(summary = "Unpin this run as its test's baseline", description = "204; 404 when it is not the pinned baseline.")
    @ApiResponse(responseCode = "204", description = "unpinned")
    @ApiResponse(responseCode = "404", description = "`not-found`: no such run, or it is not the pinned baseline",
            content = @Content(mediaType = "application/problem+json"))
    @DeleteMapping("/api/v1/test/results/{test_id}/baseline")
    ResponseEntity<Void> unpin(Caller caller, @PathVariable("test_id") UUID testId) {
        if (!baselines.unpin(caller.teamId(), testId)) {
            status(caller, testId);
            throw ApiProblem.notFound("run " + testId + " is not a pinned baseline");
        }
        return ResponseEntity.noContent().build();
    }

    private String status(Caller caller, UUID testId) {
        return baselines.status(caller.teamId(), testId).orElseThrow(() -> ApiProblem.notFound("no test run " + testId));
    }
}
