package dev.k6runner.gateway.cancel;

import java.time.Instant;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.k6runner.gateway.teams.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code POST /api/v1/test/results/{id}/cancel}. */
@RestController
@Tag(name = "runs")
class CancelController {

    /** {@code status} is {@code cancelled} for a run that never started, else {@code running} until k6 stops. */
    record CancelAccepted(UUID testId, String status, Instant cancelRequestedAt) {
    }

    private final Cancellation cancellation;

    CancelController(Cancellation cancellation) {
        this.cancellation = cancellation;
    }

    @Operation(summary = "Cancel a run",
            description = "202. A queued run becomes cancelled at once; a running one is stopped gracefully by its runner "
                    + "and keeps its partial results. 409 when the run has finished (or k6 already ended and it is "
                    + "being analysed); 404 when unknown. Repeating a cancel is harmless.")
    @ApiResponse(responseCode = "202", description = "cancelled at once (queued), or being stopped (running)")
    @ApiResponse(responseCode = "404", description = "`not-found`: no such run, or another team's",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "`already-finished`: the run has ended or is being analysed",
            content = @Content(mediaType = "application/problem+json"))
    @PostMapping("/api/v1/test/results/{test_id}/cancel")
    ResponseEntity<CancelAccepted> cancel(Caller caller, @PathVariable("test_id") UUID testId) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(cancellation.cancel(caller.teamId(), testId));
    }
}
