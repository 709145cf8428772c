package dev.k6runner.gateway.health;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.k6runner.gateway.health.HealthStore.Runner;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code GET /api/v1/test/health}. DOWN (503) when the database cannot be reached: nothing can be
 * accepted safely. DEGRADED (200) when runs are accepted but cannot start now: Kafka unreachable
 * (they wait in the outbox) or no alive runner with k6. UP otherwise.
 */
@RestController
@Tag(name = "health")
class HealthController {

    record Part(String status, String error) {
    }

    record K6(boolean available, List<String> versions) {
    }

    record Health(String status, Part database, Part kafka, K6 k6, List<Runner> runners) {
    }

    private final HealthStore store;
    private final KafkaCheck kafka;

    HealthController(HealthStore store, KafkaCheck kafka) {
        this.store = store;
        this.kafka = kafka;
    }

    @Operation(summary = "Can the service accept and run tests?",
            description = "UP; DEGRADED (200) when runs are accepted but cannot start now (Kafka unreachable, so they wait in "
                    + "the outbox, or no alive runner with k6); DOWN (503) when the database is unreachable. `runners` lists "
                    + "the alive runners (heartbeat within k6runner.gateway.fleet.runner-alive-window), with their confinement.")
    @ApiResponse(responseCode = "200", description = "UP or DEGRADED")
    @ApiResponse(responseCode = "503", description = "DOWN: the database cannot be reached",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Health.class)))
    @GetMapping("/api/v1/test/health")
    ResponseEntity<Health> health() {
        KafkaCheck.Result kafkaResult = kafka.check();
        Part kafkaStatus = kafkaResult.up() ? new Part("UP", null) : new Part("DOWN", kafkaResult.error());
        List<Runner> runners;
        Part database;
        try {
            runners = store.aliveRunners();
            database = new Part("UP", null);
        } catch (RuntimeException e) {
            runners = List.of();
            database = new Part("DOWN", "the database cannot be reached");
        }
        List<String> versions = runners.stream().filter(Runner::k6Available).map(Runner::k6Version)
                .filter(v -> v != null).distinct().sorted().toList();
        boolean k6 = runners.stream().anyMatch(r -> r.k6Available() && r.acceptsRuns());
        String status = "DOWN".equals(database.status()) ? "DOWN" : kafkaResult.up() && k6 ? "UP" : "DEGRADED";
        Health body = new Health(status, database, kafkaStatus, new K6(k6, versions), runners);
        return ResponseEntity.status("DOWN".equals(status) ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK).body(body);
    }
}
