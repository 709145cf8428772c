package dev.k6runner.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.k6runner.model.PostgresChannel;
import dev.k6runner.testsupport.SharedPostgres;

/** A ?wait= request wakes when the analyzer announces its run's end, over a real Postgres. */
class RunEndSignalsTest {

    private final DriverManagerDataSource dataSource = new DriverManagerDataSource(
            SharedPostgres.freshDatabase(), SharedPostgres.username(), SharedPostgres.password());
    private final RunEndSignals signals = new RunEndSignals(dataSource);

    @BeforeEach
    void listen() {
        signals.start();
    }

    @AfterEach
    void stopListening() {
        signals.stop();
    }

    @Test
    void anAnnouncedEndWakesOnlyTheRequestsWatchingThatRun() throws Exception {
        UUID runId = UUID.randomUUID();
        try (RunEndSignals.Signal watched = signals.watch(runId);
             RunEndSignals.Signal other = signals.watch(UUID.randomUUID())) {
            // the listener may not have subscribed yet: announce until the watcher hears it
            boolean heard = false;
            for (int attempt = 0; attempt < 50 && !heard; attempt++) {
                notify(runId);
                heard = watched.await(200);
            }
            assertThat(heard).isTrue();
            assertThat(other.await(0)).as("another run's watcher is not woken").isFalse();
        }
    }

    private void notify(UUID runId) {
        JdbcClient.create(dataSource).sql("SELECT pg_notify(?, ?)")
                .param(PostgresChannel.RUN_ENDED.channelName()).param(runId.toString()).query().singleRow();
    }
}
