package dev.k6runner.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.runner.RunnerFixture.Request;
import dev.k6runner.runner.execution.StopReason;
import dev.k6runner.testsupport.DatabaseOutage;
import dev.k6runner.testsupport.SharedPostgres;
import dev.k6runner.testsupport.TestInfrastructure;

/**
 * Self-fencing against a real Postgres: the runner's database is cut (refused) or hangs (a lock the heartbeat
 * waits on), while the k6 stand-in replays a 60 s recording at real speed. k6 must be gone before the run's lease
 * expires, so that no load goes on after the gateway's reaper marks the run interrupted; and the result that
 * arrives once the database is back must be refused, not published.
 */
@SpringBootTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SelfFencingTest {

    static final Path ROOT = RunnerWorkerTest.tempRoot();
    static final Path INVOCATIONS = ROOT.resolve("logs/k6-invocations.ndjson");

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
        RunnerTestSettings.register(registry, ROOT, INVOCATIONS, 1);
        // real timing: the recording lasts 60 s, far beyond the lease, so only a stop can end it early
        Path realSpeed = StandinK6.install(ROOT.resolve("bin-speed1"), 1.0, INVOCATIONS);
        registry.add("k6runner.runner.k6-binary", realSpeed::toString);
        // heartbeat every 300 ms: the watchdog stops k6 when less than 2 s of this lease are left
        registry.add("k6runner.runner.lease-duration", () -> "6s");
    }

    @Autowired JdbcClient jdbc;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired EventCodec codec;
    @Autowired MeterRegistry meters;
    @Autowired RunnerProperties properties;
    @Value("${spring.datasource.url}") String url;

    RunnerFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new RunnerFixture(jdbc, kafka, codec);
        assertThat(properties.k6Binary()).contains("bin-speed1");
        assertThat(properties.leaseDuration()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void whenTheDatabaseIsCutK6StopsBeforeTheLeaseExpiresAndTheLateResultIsRefused() throws Exception {
        double refused = count("k6runner.results.refused");
        double fenced = count("k6runner.runs.self.fenced");
        UUID id = startLongRun("cut");
        ProcessHandle k6 = standin(id);
        try (Connection gateway = connect()) {
            String database = SharedPostgres.single(gateway, "SELECT current_database()");
            DatabaseOutage.begin(database, gateway);
            try {
                Instant expiry = leaseExpiry(gateway, id);
                Instant stopped = awaitEnd(k6);
                assertThat(stopped).as("k6 gone before the lease expires at %s", expiry).isBefore(expiry);
                assertThat(leaseExpiry(gateway, id)).as("no renewal got through the cut").isEqualTo(expiry);
                reapOnceExpired(gateway, id, "now()");
            } finally {
                DatabaseOutage.end(database);
            }
        }
        assertRefusedAndFenced(id, refused, fenced);
    }

    @Test
    void whenTheDatabaseHangsTheHeartbeatGoesOnAndK6StopsBeforeTheLeaseExpires() throws Exception {
        double refused = count("k6runner.results.refused");
        double fenced = count("k6runner.runs.self.fenced");
        UUID id = startLongRun("hang");
        ProcessHandle k6 = standin(id);
        try (Connection gateway = connect()) {
            gateway.setAutoCommit(false);
            try (Statement sql = gateway.createStatement()) {
                // every statement on runs now waits: the heartbeat's lease renewals hang, as on a stuck server
                sql.execute("LOCK TABLE runs IN ACCESS EXCLUSIVE MODE");
            }
            Instant expiry = leaseExpiry(gateway, id);
            List<String> beats = new ArrayList<>();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
                String beat = SharedPostgres.single(gateway, "SELECT last_heartbeat::text FROM runners WHERE id = '" + properties.id() + "'");
                if (!beats.contains(beat)) {
                    beats.add(beat);
                }
                return beats.size() >= 3;
            });
            Instant stopped = awaitEnd(k6);
            assertThat(stopped).as("k6 gone before the lease expires at %s", expiry).isBefore(expiry);
            // the reaper inside the lock: clock_timestamp(), since now() is this transaction's start
            reapOnceExpired(gateway, id, "clock_timestamp()");
            gateway.commit();
        }
        assertRefusedAndFenced(id, refused, fenced);
    }

    private void assertRefusedAndFenced(UUID id, double refusedBefore, double fencedBefore) {
        await().atMost(Duration.ofSeconds(60)).until(() -> count("k6runner.results.refused") == refusedBefore + 1);
        assertThat(fixture.status(id)).isEqualTo("interrupted");
        assertThat(fixture.result(id)).as("nothing stored for the fenced attempt").isEmpty();
        assertThat(FinishedEvents.of(id)).as("nothing published for the fenced attempt").isEmpty();
        assertThat(count("k6runner.runs.self.fenced")).isEqualTo(fencedBefore + 1);
        assertThat(ROOT.resolve("results").resolve(id.toString()).resolve("result.json")).content()
                .contains("refused", StopReason.SELF_FENCED.who()).containsPattern("\"k6_exit_code\"\\s*:\\s*105");
    }

    /** A run of the 'sigint' recording (60 s at real speed), once its lease has been renewed with live progress. */
    private UUID startLongRun(String name) throws Exception {
        UUID id = fixture.submit(name, Request.of(StandinK6.scriptFor("sigint")));
        fixture.awaitStatus(id, "running", Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.requestsSoFar(id) > 0);
        return id;
    }

    /** The stand-in process playing k6 for this run (its arguments name the run's folder). */
    private static ProcessHandle standin(UUID id) {
        return ProcessHandle.current().descendants()
                .filter(process -> process.info().arguments().map(List::of).map(args ->
                        args.contains(dev.k6runner.standin.Main.class.getName())
                                && args.stream().anyMatch(arg -> arg.contains(id.toString()))).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no k6 stand-in process for run " + id));
    }

    private static Instant awaitEnd(ProcessHandle k6) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> !k6.isAlive());
        return Instant.now();
    }

    /** As the gateway's LeaseReaper does, once the database's clock is past the lease. */
    private static void reapOnceExpired(Connection gateway, UUID id, String now) throws SQLException {
        String lease = "(SELECT lease_expires_at < " + now + " FROM runs WHERE id = '" + id + "')";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> "t".equals(SharedPostgres.single(gateway, "SELECT " + lease)));
        try (Statement sql = gateway.createStatement()) {
            assertThat(sql.executeUpdate("UPDATE runs SET status = 'interrupted', finished_at = " + now
                    + ", lease_expires_at = NULL, status_reason = 'runner stopped heartbeating' WHERE id = '" + id
                    + "' AND status = 'running' AND lease_expires_at < " + now)).isEqualTo(1);
        }
    }

    private static Instant leaseExpiry(Connection gateway, UUID id) throws SQLException {
        try (Statement sql = gateway.createStatement();
             ResultSet row = sql.executeQuery("SELECT lease_expires_at FROM runs WHERE id = '" + id + "'")) {
            row.next();
            return row.getTimestamp(1).toInstant();
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, SharedPostgres.username(), SharedPostgres.password());
    }

    private double count(String counter) {
        return meters.get(counter).counter().count();
    }
}
