package dev.k6runner.runner.fleet;

import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.runner.RunnerMetrics;
import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.execution.RunningRuns;
import dev.k6runner.runner.loops.LoopProperties;
import dev.k6runner.runner.loops.Loops;
import dev.k6runner.runner.quarantine.Quarantine;
import dev.k6runner.runner.quarantine.QuarantineProperties;
import dev.k6runner.testsupport.SharedPostgres;

/**
 * The heartbeat against a database connection left half-open (a failover, a dropped route): its statement is
 * never answered and no server-side cancel can help. Without a network timeout the heartbeat thread waits on the
 * socket forever and the runner looks dead to the reaper; with it, the connection is dropped and the next beat
 * goes through a fresh one.
 */
class HeartbeatHalfOpenConnectionTest {

    @Test
    void aHalfOpenConnectionDoesNotFreezeTheHeartbeat() throws Exception {
        String url = SharedPostgres.freshDatabase();
        Flyway.configure().dataSource(url, SharedPostgres.username(), SharedPostgres.password()).load().migrate();
        JdbcClient direct = JdbcClient.create(new DriverManagerDataSource(url, SharedPostgres.username(), SharedPostgres.password()));
        String id = "half-open-" + UUID.randomUUID().toString().substring(0, 6);
        try (HalfOpenProxy proxy = new HalfOpenProxy(SharedPostgres.server().getPort());
             HikariDataSource pool = pool(url.replaceFirst("//localhost:\\d+/", "//127.0.0.1:" + proxy.port() + "/"))) {
            Heartbeat heartbeat = new Heartbeat(pool, properties(id), new RunnerDescription(id, "test-host", "k6", "v0.49.0",
                    true, "bubblewrap", true, 1), new RunningRuns(), new EventCodec(), new RunnerMetrics(new SimpleMeterRegistry()),
                    new Loops(new LoopProperties(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(60)),
                            new SimpleMeterRegistry()),
                    new Quarantine(null, new QuarantineProperties(3, Duration.ofSeconds(30)), properties(id), new SimpleMeterRegistry()));
            heartbeat.start(Duration.ofMillis(300));
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> lastHeartbeat(direct, id).isPresent());
                proxy.makeOpenConnectionsHalfOpen();
                Instant cut = direct.sql("SELECT now()").query(Timestamp.class).single().toInstant();
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                        .until(() -> lastHeartbeat(direct, id).orElseThrow().isAfter(cut.plusSeconds(1)));
            } finally {
                heartbeat.close();
            }
        }
    }

    private static Optional<Instant> lastHeartbeat(JdbcClient direct, String id) {
        return direct.sql("SELECT last_heartbeat FROM runners WHERE id = :id").param("id", id)
                .query(Timestamp.class).optional().map(Timestamp::toInstant);
    }

    /** A small pool whose own check of an idle connection is quick, so that it is the heartbeat under test. */
    private static HikariDataSource pool(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(SharedPostgres.username());
        config.setPassword(SharedPostgres.password());
        config.setMaximumPoolSize(2);
        config.setValidationTimeout(250);
        return new HikariDataSource(config);
    }

    private static RunnerProperties properties(String id) {
        return new RunnerProperties(id, 1, null, null, null, Duration.ofMillis(300), Duration.ofSeconds(3), null, null,
                null, null, null, null, null, null, null, null);
    }
}
