package dev.k6runner.gateway.maintenance;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.k6runner.model.RunTransition;
import dev.k6runner.platform.logging.RunMdc;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Runs whose runner stopped extending the lease become {@code interrupted}; they are never re-run.
 * The update is conditional on the status and the expired lease, and locks with SKIP LOCKED, so
 * replicas never fight and a runner that renews in time always wins.
 */
@Component
class LeaseReaper {

    private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

    private final JdbcClient jdbc;
    private final Counter interrupted;

    LeaseReaper(JdbcClient jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.interrupted = Counter.builder("k6runner.runs.interrupted")
                .description("running runs whose lease expired").register(registry);
    }

    int reap() {
        List<UUID> reaped = jdbc.sql(RunTransition.REAP.render("""
                UPDATE runs r SET status = {to}, finished_at = now(), lease_expires_at = NULL,
                       status_reason = format('runner %s stopped heartbeating (last heartbeat %s); its lease expired at %s',
                              coalesce(r.runner_id, '?'),
                              coalesce(to_char((SELECT ru.last_heartbeat FROM runners ru WHERE ru.id = r.runner_id)
                                       AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'never'),
                              to_char(r.lease_expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                WHERE r.id IN (SELECT id FROM runs WHERE status = {from} AND lease_expires_at < now()
                               LIMIT 100 FOR UPDATE SKIP LOCKED)
                  AND r.status = {from} AND r.lease_expires_at < now()
                RETURNING r.id"""))
                .query(UUID.class).list();
        for (UUID id : reaped) {
            try (var _ = RunMdc.open(id)) {
                log.warn("run interrupted: its runner's lease expired");
            }
        }
        interrupted.increment(reaped.size());
        return reaped.size();
    }
}
