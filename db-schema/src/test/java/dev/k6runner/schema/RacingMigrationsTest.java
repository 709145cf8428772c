package dev.k6runner.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

import dev.k6runner.testsupport.SharedPostgres;

/** Every service migrates at start; several starting at once must leave one correct schema. */
class RacingMigrationsTest {

    @Test
    void servicesStartingAtOnceMigrateOnceAndAllSucceed() throws Exception {
        String url = SharedPostgres.freshDatabase();
        int services = 4;
        CyclicBarrier start = new CyclicBarrier(services);
        List<Future<MigrateResult>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(services)) {
            for (int i = 0; i < services; i++) {
                results.add(pool.submit(() -> {
                    Flyway flyway = Flyway.configure().dataSource(url, SharedPostgres.username(), SharedPostgres.password()).load();
                    start.await();
                    return flyway.migrate();
                }));
            }
            int applied = 0;
            for (Future<MigrateResult> result : results) {
                MigrateResult migrate = result.get();
                assertThat(migrate.success).isTrue();
                applied += migrate.migrationsExecuted;
            }
            int available = Flyway.configure().dataSource(url, SharedPostgres.username(), SharedPostgres.password()).load()
                    .info().applied().length;
            assertThat(applied).as("each migration ran exactly once across all services").isEqualTo(available);
        }
        assertThat(count(url, "SELECT count(*) FROM teams WHERE id = 'default'")).isEqualTo(1);
        assertThat(count(url, "SELECT count(*) FROM flyway_schema_history WHERE success")).isPositive();
    }

    private static int count(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, SharedPostgres.username(), SharedPostgres.password());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
