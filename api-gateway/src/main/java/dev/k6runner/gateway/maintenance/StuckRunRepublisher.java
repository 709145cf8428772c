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
 *
 * <p>Records are only wake-ups: runners claim from the database (the queue), and an idle runner looks at it every
 * poll timeout, so a queued run never waits for this pass. So it republishes no more runs than the live fleet has
 * free slots, and none while every slot is busy: a long backlog (after an outage, or simply more runs than slots)
 * adds no records that pile up in the share group.
 */
@Component
class StuckRunRepublisher {

    private static final Logger log = LoggerFactory.getLogger(StuckRunRepublisher.class);

    private final JdbcClient jdbc;
    private final RelayTrigger relay;
    private final Duration requeueAfter;
    private final Duration runnerAliveWindow;
    private final Counter republished;

    StuckRunRepublisher(JdbcClient jdbc, RelayTrigger relay, GatewayProperties properties, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.relay = relay;
        this.requeueAfter = properties.relay().requeueAfter();
        this.runnerAliveWindow = properties.fleet().runnerAliveWindow();
        this.republished = Counter.builder("k6runner.runs.republished")
                .description("queued runs published again because no runner took them").register(registry);
    }

    int republish() {
        int freeSlots = jdbc.sql("""
                SELECT least(coalesce(sum(greatest(capacity - busy, 0)), 0), 500) FROM runners
                WHERE accepts_runs AND last_heartbeat > now() - make_interval(secs => ?)""")
                .param(seconds(runnerAliveWindow)).query(Integer.class).single();
        if (freeSlots == 0) {
            return 0;
        }
        // longest unpublished first, so a backlog larger than the free slots takes turns and no run is passed over
        // for ever; the CTE picks the runs once: as a sub-select of IN, the planner may evaluate it per row of runs, and each
        // evaluation, skipping the rows this statement already changed, would pick the next ones: the LIMIT lost
        List<UUID> ids = jdbc.sql("""
                WITH stuck AS (SELECT id FROM runs WHERE status = 'queued'
                                  AND published_at < now() - make_interval(secs => ?)
                               ORDER BY published_at LIMIT ? FOR UPDATE SKIP LOCKED)
                UPDATE runs SET published_at = NULL FROM stuck
                WHERE runs.id = stuck.id AND runs.status = 'queued'
                RETURNING runs.id""")
                .param(seconds(requeueAfter)).param(freeSlots).query(UUID.class).list();
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

    private static double seconds(Duration duration) {
        return (double) duration.toMillis() / 1000;
    }
}
