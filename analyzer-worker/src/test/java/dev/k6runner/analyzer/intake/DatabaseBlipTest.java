package dev.k6runner.analyzer.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.k6runner.analyzer.Fixtures;
import dev.k6runner.analyzer.RunSeeder;
import dev.k6runner.model.RunFinished;
import dev.k6runner.model.RunStatus;
import dev.k6runner.model.Topic;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.testsupport.DatabaseOutage;
import dev.k6runner.testsupport.TestInfrastructure;

/**
 * A database outage while a RunFinished is handled: every attempt fails to get a connection, the error handler
 * retries with backoff, and once Postgres takes connections again the run is analysed. Nothing is dead-lettered.
 */
@SpringBootTest(properties = {
        "k6runner.analyzer.intake.max-retries=100",
        "k6runner.analyzer.intake.initial-interval=100ms",
        "k6runner.analyzer.intake.max-interval=200ms",
        "spring.datasource.hikari.connection-timeout=250",
        "k6runner.analyzer.sweeper.interval=1h",
        "k6runner.analyzer.gemini.api-key="})
class DatabaseBlipTest {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @Autowired JdbcClient jdbc;
    @Autowired EventCodec codec;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired MeterRegistry registry;

    @Test
    void aRunFinishedDuringAnOutageIsAnalysedOnceTheDatabaseIsBack() throws SQLException {
        RunFinished event = new RunSeeder(jdbc, codec).analyzing("blip", RunStatus.COMPLETED, 0, null,
                Fixtures.summary("basic-get"), "", null, Instant.now());
        String database = jdbc.sql("SELECT current_database()").query(String.class).single();

        DatabaseOutage.begin(database, null);
        try {
            kafka.send(Topic.Names.RUNS_FINISHED, event.runId().toString(), codec.encode(event)).join();
            // Several connection timeouts: the first attempt and its retries all met the outage.
            // The test reads through the analyzer's pool, which reconnects on its own schedule.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(CannotGetJdbcConnectionException.class).until(() -> connectionTimeouts() >= 3);
        } finally {
            DatabaseOutage.end(database);
        }

        // The test reads through the analyzer's pool, which reconnects on its own schedule.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(CannotGetJdbcConnectionException.class).until(() ->
                jdbc.sql("SELECT status FROM runs WHERE id = ?").param(event.runId()).query(String.class).single().equals("completed"));
        assertThat(jdbc.sql("SELECT total_requests FROM runs WHERE id = ?").param(event.runId()).query(Long.class).single())
                .isPositive();
        // only what an outage can cause: this context reads the shared topic from its start, so poison records that
        // other test classes put there are dead-lettered here too, as unreadable or impossible content
        assertThat(registry.find("k6runner_dead_letters_total").tag("reason", "retries_exhausted").counters().stream()
                .mapToDouble(Counter::count).sum()).as("nothing dead-lettered for want of the database").isZero();
    }

    private double connectionTimeouts() {
        return registry.find("hikaricp.connections.timeout").counters().stream().mapToDouble(Counter::count).sum();
    }
}
