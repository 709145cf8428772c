package dev.k6runner.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.runner.RunnerFixture.Request;
import dev.k6runner.testsupport.SharedPostgres;
import dev.k6runner.testsupport.TcpProxy;
import dev.k6runner.testsupport.TestInfrastructure;

/**
 * The runner's whole database path through a TCP proxy that can make Postgres HANG (accept, never answer), as a
 * stopped server or a dropped route does, rather than refuse. A hang must not freeze the runner: a statement on a
 * connection already open fails within the socket timeout, the heartbeat's health turns DOWN within a few
 * intervals, and once the proxy forwards again the runner recovers by itself: health UP, heartbeats stored, and
 * every run queued meanwhile started within 30 s.
 */
// the timeouts are read as the environment is prepared, before dynamic properties exist; short bounds, so the test
// waits seconds: the server cancels a statement after 2 s, a silent socket fails after 3 s
@SpringBootTest(properties = {"k6runner.database.statement-timeout=2s", "k6runner.database.socket-timeout=3s",
        "k6runner.database.connect-timeout=2s", "k6runner.database.pool-wait=2s"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class HungDatabaseTest {

    static final Path ROOT = RunnerWorkerTest.tempRoot();
    static final String DATABASE = SharedPostgres.freshDatabase();
    static final TcpProxy PROXY = proxy();

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
        RunnerTestSettings.register(registry, ROOT, ROOT.resolve("logs/k6-invocations.ndjson"), 2);
        String database = DATABASE.substring(DATABASE.lastIndexOf('/') + 1);
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + PROXY.port() + "/" + database);
        registry.add("k6runner.runner.lease-duration", () -> "6s");
    }

    @Autowired DataSource dataSource;
    @Autowired HealthEndpoint health;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired EventCodec codec;
    @Autowired RunnerProperties properties;

    /** Straight to Postgres, never through the proxy: what the gateway and the test see. */
    final JdbcClient direct = JdbcClient.create(new DriverManagerDataSource(DATABASE, SharedPostgres.username(), SharedPostgres.password()));
    RunnerFixture fixture;

    @BeforeEach
    void databaseAnswers() {
        fixture = new RunnerFixture(direct, kafka, codec);
        PROXY.forward();
        // the database's clock when the proxy forwarded, read once: a beat stored after it got through
        Instant forwarded = now();
        await().atMost(Duration.ofSeconds(30)).until(() -> heartbeat() == Status.UP && beatAfter(forwarded));
    }

    @AfterAll
    static void closeProxy() throws Exception {
        PROXY.close();
    }

    @Test
    void aStatementOnAConnectionThatStopsAnsweringFailsWithinTheSocketTimeoutInsteadOfHanging() throws Exception {
        Connection connection = dataSource.getConnection();
        try {
            assertThat(connection.getNetworkTimeout()).as("the socket timeout, in ms").isEqualTo(3000);
            Statement statement = connection.createStatement();
            statement.execute("SELECT 1");
            PROXY.blackHole();
            long began = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(15), () ->
                    assertThatThrownBy(() -> statement.execute("SELECT 1")).isInstanceOf(SQLException.class));
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(6));
            connection.close();
        } finally {
            // a statement still stuck would hold the connection's lock, and close() would wait on it forever
            connection.abort(Runnable::run);
        }
    }

    @Test
    void aHangingDatabaseTurnsTheHeartbeatsHealthDownAndTheRunnerRecoversWhenItAnswersAgain() {
        PROXY.blackHole();
        long began = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> heartbeat() == Status.DOWN);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).as("DOWN within a few heartbeat intervals")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(health.healthForPath("heartbeat").getStatus()).isEqualTo(Status.DOWN);

        Instant forwarded = now();
        PROXY.forward();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> heartbeat() == Status.UP && beatAfter(forwarded));
    }

    @Test
    void runsQueuedWhileTheDatabaseHungAllStartWithin30SecondsAfterItAnswersAgain() throws Exception {
        PROXY.blackHole();
        await().atMost(Duration.ofSeconds(10)).until(() -> heartbeat() == Status.DOWN);
        List<UUID> queued = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            queued.add(fixture.submit("queued-in-outage-" + i, Request.of(StandinK6.scriptFor("basic-get"))));
        }
        assertThat(queued).allSatisfy(id -> assertThat(fixture.status(id)).isEqualTo("queued"));
        PROXY.forward();
        long forwarded = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> queued.stream().allMatch(id -> !"queued".equals(fixture.status(id))));
        assertThat(Duration.ofNanos(System.nanoTime() - forwarded)).isLessThan(Duration.ofSeconds(30));
        // the runner's part ends in analyzing with the result stored (no analyzer here)
        queued.forEach(id -> fixture.awaitStatus(id, "analyzing", Duration.ofSeconds(60)));
        assertThat(queued).allSatisfy(id -> assertThat(fixture.result(id)).isPresent());
    }

    private Status heartbeat() {
        HealthDescriptor component = health.healthForPath("heartbeat");
        return component == null ? Status.UNKNOWN : component.getStatus();
    }

    private boolean beatAfter(Instant instant) {
        return direct.sql("SELECT last_heartbeat FROM runners WHERE id = :id").param("id", properties.id())
                .query(Timestamp.class).optional().map(beat -> beat.toInstant().isAfter(instant)).orElse(false);
    }

    private Instant now() {
        return direct.sql("SELECT now()").query(Timestamp.class).single().toInstant();
    }

    private static TcpProxy proxy() {
        try {
            return new TcpProxy(SharedPostgres.server().getPort());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
