package dev.k6runner.gateway.maintenance;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.gateway.outbox.RelayTrigger;
import dev.k6runner.platform.logging.RunMdc;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A run still queued long after it was published may have lost its record (archived after too many
 * releases, a broker that lost data): it goes back into the outbox ({@code published_at = NULL}) and
 * the relay publishes it again. A duplicate is harmless: the claim is conditional.
 */
@Component
class StuckRunRepublisher {

    private static final Logger log = LoggerFactory.getLogger(StuckRunRepublisher.class);

    private final JdbcClient jdbc;
    private final RelayTrigger relay;
    private final Duration requeueAfter;
    private final Counter republished;

    StuckRunRepublisher(JdbcClient jdbc, RelayTrigger relay, GatewayProperties properties, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.relay = relay;
        this.requeueAfter = properties.relay().requeueAfter();
        this.republished = Counter.builder("k6runner.runs.republished")
                .description("queued runs published again because no runner took them").register(registry);
    }

    int republish() {
        List<UUID> ids = jdbc.sql("""
                UPDATE runs SET published_at = NULL
                WHERE id IN (SELECT id FROM runs WHERE status = 'queued'
                                AND published_at < now() - make_interval(secs => ?)
                             ORDER BY submitted_at LIMIT 500 FOR UPDATE SKIP LOCKED)
                  AND status = 'queued'
                RETURNING id""")
                .param((double) requeueAfter.toMillis() / 1000).query(UUID.class).list();
        if (!ids.isEmpty()) {
            for (UUID id : ids) {
                try (var _ = RunMdc.open(id)) {
                    log.info("run still queued {} after publishing: publishing it again", requeueAfter);
                }
            }
            republished.increment(ids.size());
            relay.wake();
        }
        return ids.size();
    }
}
