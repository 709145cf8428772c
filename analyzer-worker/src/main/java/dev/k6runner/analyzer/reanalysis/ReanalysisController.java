package dev.k6runner.analyzer.reanalysis;

import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.k6runner.analyzer.finish.RunFinisher;

/**
 * Operators' endpoint (not routed through the gateway): recompute a finished run's metrics and
 * anomalies with the current rules and replace them; the run's status stays as it is.
 */
@RestController
class ReanalysisController {

    private final RunFinisher finisher;

    ReanalysisController(RunFinisher finisher) {
        this.finisher = finisher;
    }

    @PostMapping("/internal/runs/{id}/reanalyze")
    ResponseEntity<Map<String, String>> reanalyze(@PathVariable UUID id) {
        RunFinisher.Result result = finisher.reanalyze(id);
        HttpStatus status = switch (result) {
            case REANALYZED -> HttpStatus.OK;
            case UNKNOWN_RUN -> HttpStatus.NOT_FOUND;
            default -> HttpStatus.CONFLICT;
        };
        return ResponseEntity.status(status).body(Map.of("test_id", id.toString(), "result", result.name().toLowerCase(java.util.Locale.ROOT)));
    }
}
