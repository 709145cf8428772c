package dev.k6runner.gateway.maintenance;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.k6runner.model.RunTransition;
import dev.k6runner.platform.logging.RunMdc;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Runs whose runner stopped extending the lease become {@code interrupted}; they are never re-run.
 * The update is conditional on the status and the expired lease, and locks with SKIP LOCKED, so
 * replicas never fight and a runner that renews in time always wins.
 *
 * <p>A lease that expired only because the database was unreachable is not judged: every pass first asks the
 * database for an answer and tells {@link DatabaseContinuity} how long it waited for it, and leases are judged only once this gateway has
 * seen the database without a break for the quiet period, in which runners renew. The probe and the update share
 * one transaction, so {@code now()} in the update is the probe's time: a database that hangs between the two
 * cannot make the update judge leases by a later clock.
 */
@Component
class LeaseReaper {

    private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Counter interrupted;

    LeaseReaper(JdbcClient jdbc, TransactionTemplate transactions, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.interrupted = Counter.builder("k6runner.runs.interrupted")
                .description("running runs whose lease expired").register(registry);
    }

    /** @return runs interrupted; none while the database has not been seen for the quiet period without a break */
    int reap(DatabaseContinuity continuity, Duration quietPeriod) {
        long asked = System.nanoTime();
        Integer reaped = transactions.execute(status -> {
            jdbc.sql("SELECT 1").query(Integer.class).single();
            continuity.seen(Duration.ofNanos(System.nanoTime() - asked));
            return continuity.reachableFor(quietPeriod) ? reapExpired() : 0;
        });
        return reaped == null ? 0 : reaped;
    }

    private int reapExpired() {
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
