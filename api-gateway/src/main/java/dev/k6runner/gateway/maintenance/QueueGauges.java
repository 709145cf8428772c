package dev.k6runner.gateway.maintenance;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.k6runner.gateway.GatewayProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Queue, outbox and fleet gauges, refreshed by one query per maintenance tick (not per scrape). */
@Component
class QueueGauges {

    private final JdbcClient jdbc;
    private final double aliveWindowSeconds;
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private final AtomicLong outboxPending = new AtomicLong();
    private final AtomicLong runnersAlive = new AtomicLong();
    private final AtomicLong slots = new AtomicLong();
    private final AtomicLong slotsBusy = new AtomicLong();

    QueueGauges(JdbcClient jdbc, GatewayProperties properties, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.aliveWindowSeconds = properties.fleet().runnerAliveWindow().toMillis() / 1000.0;
        gauge(registry, "k6runner.queue.depth", "runs queued", depth);
        gauge(registry, "k6runner.queue.oldest.age.seconds", "age of the oldest queued run", oldestAgeSeconds);
        gauge(registry, "k6runner.outbox.pending", "runs not yet published to Kafka", outboxPending);
        gauge(registry, "k6runner.fleet.runners.alive", "runners with a recent heartbeat", runnersAlive);
        gauge(registry, "k6runner.fleet.slots", "slots of the alive runners", slots);
        gauge(registry, "k6runner.fleet.slots.busy", "busy slots of the alive runners", slotsBusy);
    }

    private static void gauge(MeterRegistry registry, String name, String description, AtomicLong value) {
        Gauge.builder(name, value, AtomicLong::doubleValue).description(description).register(registry);
    }

    void refresh() {
        Map<String, Object> row = jdbc.sql("""
                SELECT (SELECT count(*) FROM runs WHERE status = 'queued') AS depth,
                       (SELECT coalesce(extract(epoch FROM now() - min(submitted_at)), 0)::bigint
                          FROM runs WHERE status = 'queued') AS oldest,
                       (SELECT count(*) FROM runs WHERE status = 'queued' AND published_at IS NULL) AS pending,
                       count(*) AS alive, coalesce(sum(capacity), 0) AS slots, coalesce(sum(busy), 0) AS busy
                FROM runners WHERE last_heartbeat > now() - make_interval(secs => ?)""")
                .param(aliveWindowSeconds).query().singleRow();
        depth.set(((Number) row.get("depth")).longValue());
        oldestAgeSeconds.set(((Number) row.get("oldest")).longValue());
        outboxPending.set(((Number) row.get("pending")).longValue());
        runnersAlive.set(((Number) row.get("alive")).longValue());
        slots.set(((Number) row.get("slots")).longValue());
        slotsBusy.set(((Number) row.get("busy")).longValue());
    }
}
