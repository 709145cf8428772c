package dev.k6runner.gateway.intake;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.k6runner.model.PostgresChannel;

/**
 * Listens on the Postgres channel where the analyzer announces every run that reached its terminal
 * status, and wakes the {@code ?wait=} requests watching that run. One connection, one thread.
 */
@Component
class RunEndSignals implements SmartLifecycle {

    static final String CHANNEL = PostgresChannel.RUN_ENDED.channelName();
    private static final Logger log = LoggerFactory.getLogger(RunEndSignals.class);

    private final DataSource dataSource;
    private final Map<UUID, Set<Signal>> watchers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread listener;

    RunEndSignals(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A run's end, announced or not yet; close it when done waiting. */
    final class Signal implements AutoCloseable {
        private final UUID runId;
        private final Semaphore announced = new Semaphore(0);

        private Signal(UUID runId) {
            this.runId = runId;
        }

        /** @return true when the run's end was announced within the time */
        boolean await(long millis) throws InterruptedException {
            return announced.tryAcquire(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            watchers.computeIfPresent(runId, (id, signals) -> {
                signals.remove(this);
                return signals.isEmpty() ? null : signals;
            });
        }
    }

    Signal watch(UUID runId) {
        Signal signal = new Signal(runId);
        watchers.computeIfAbsent(runId, id -> ConcurrentHashMap.newKeySet()).add(signal);
        return signal;
    }

    void announce(UUID runId) {
        Set<Signal> signals = watchers.get(runId);
        if (signals != null) {
            signals.forEach(signal -> signal.announced.release());
        }
    }

    @Override
    public void start() {
        running = true;
        listener = Thread.ofPlatform().daemon(true).name("run-end-signals").start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        listener.interrupt();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(1000);
                    for (PGNotification notification : notifications == null ? new PGNotification[0] : notifications) {
                        announce(UUID.fromString(notification.getParameter()));
                    }
                }
            } catch (SQLException | IllegalArgumentException e) {
                // ?wait= falls back to reading the status meanwhile; listen again shortly
                log.warn("listening for run ends failed, retrying: {}", e.getMessage());
                pause();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
