package dev.k6runner.gateway.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.k6runner.testsupport.SharedPostgres;
import dev.k6runner.testsupport.TcpProxy;
import dev.k6runner.testsupport.TestInfrastructure;

/**
 * The fault the old reaper had: the database hangs (a stopped process, a failover) for longer than a lease, then
 * resumes. No pass of the gateway fails: each waits through the hang and gets its answer afterwards, so the old
 * reaper, which counted only failed passes as a break, judged the leases at once, before any runner could renew
 * one, and interrupted a healthy run. The gateway reaches its database through a {@link TcpProxy} that holds every
 * byte during the hang; the runner (this test's own connection) is healthy, cannot renew while the database hangs,
 * and renews 1.5 s after it resumes, as a runner's heartbeat does. The run must stay running.
 */
@SpringBootTest(properties = {
        "k6runner.gateway.relay.maintenance-interval=200ms",
        "k6runner.gateway.relay.reaper-quiet-period=3s"})
class ReaperThroughAHungDatabaseTest {

    static final TcpProxy DATABASE = proxy();
    static String runnersDatabase;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        runnersDatabase = TestInfrastructure.registerBehind(registry, DATABASE);
    }

    @AfterAll
    static void closeProxy() throws IOException {
        DATABASE.close();
    }

    @Test
    void aHealthyRunIsNotInterruptedWhenTheDatabaseHangsLongerThanItsLease() throws Exception {
        try (Connection runner = DriverManager.getConnection(runnersDatabase, SharedPostgres.username(), SharedPostgres.password())) {
            execute(runner, "INSERT INTO runners (id, host, confinement, capacity, last_heartbeat) VALUES ('healthy-runner', 'h', 'none', 1, now())");
            UUID judged = running(runner, "now() - interval '1 second'");
            await().atMost(Duration.ofSeconds(20)).until(() -> "interrupted".equals(status(runner, judged)));
            UUID healthy = running(runner, "now() + interval '1 second'");

            DATABASE.hold();
            try {
                await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                        .until(() -> "t".equals(SharedPostgres.single(runner, "SELECT lease_expires_at < now() FROM runs WHERE id = '" + healthy + "'")));
            } finally {
                DATABASE.forward();
            }

            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> "running".equals(status(runner, healthy)));
            assertThat(execute(runner, "UPDATE runs SET lease_expires_at = now() + interval '1 minute' WHERE id = '" + healthy
                    + "' AND status = 'running'")).as("the runner's first renewal after the hang finds its run running").isEqualTo(1);
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8)).until(() -> "running".equals(status(runner, healthy)));
        }
    }

    /** A run of the default team, running on the healthy runner, its lease expiring at the given SQL time. */
    private static UUID running(Connection runner, String leaseExpiresAt) throws SQLException {
        UUID id = UUID.randomUUID();
        execute(runner, "INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, started_at, runner_id, "
                + "attempt_id, lease_expires_at) VALUES ('" + id + "', 'default', 'lease', 'running', 'x', 60, now(), now(), "
                + "'healthy-runner', '" + UUID.randomUUID() + "', " + leaseExpiresAt + ")");
        return id;
    }

    private static String status(Connection runner, UUID id) throws SQLException {
        return SharedPostgres.single(runner, "SELECT status FROM runs WHERE id = '" + id + "'");
    }

    private static int execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    private static TcpProxy proxy() {
        try {
            return new TcpProxy(SharedPostgres.server().getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
