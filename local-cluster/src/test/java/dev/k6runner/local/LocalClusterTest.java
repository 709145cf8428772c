package dev.k6runner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.k6runner.testsupport.SharedKafka;
import dev.k6runner.testsupport.process.Repository;

class LocalClusterTest {

    /** A broker that cannot bind its port must fail its test, not end the test JVM (Kafka's Exit.exit/halt). */
    @BeforeAll
    static void kafkaNeverEndsTheJvm() {
        SharedKafka.neverEndTheJvm();
    }

    @TempDir
    Path dataDirectory;

    @Test
    void postgresKeepsItsDataAcrossARestart() throws Exception {
        LocalClusterSettings settings = new LocalClusterSettings(dataDirectory, Repository.freePort(), Repository.freePort());
        try (LocalPostgres first = LocalPostgres.start(settings)) {
            execute(first.databaseUrl(), "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");
        }
        try (LocalPostgres second = LocalPostgres.start(settings)) {
            assertThat(query(second.databaseUrl(), "SELECT value FROM kept")).isEqualTo("still here");
        }
    }

    /** A 202 is an accepted run: its commit must be on disk before the gateway answers, as in production. */
    @Test
    void postgresFlushesEveryCommitBeforeAcknowledgingIt() throws Exception {
        LocalClusterSettings settings = new LocalClusterSettings(dataDirectory, Repository.freePort(), Repository.freePort());
        try (LocalPostgres postgres = LocalPostgres.start(settings)) {
            assertThat(query(postgres.databaseUrl(), "SELECT current_setting('synchronous_commit')")).isEqualTo("on");
            assertThat(query(postgres.databaseUrl(), "SELECT current_setting('fsync')")).isEqualTo("on");
        }
    }

    @Test
    void kafkaListensOnTheConfiguredLoopbackPort() throws Exception {
        int port = twoFreePorts();
        LocalClusterSettings settings = new LocalClusterSettings(dataDirectory, Repository.freePort(), port);
        try (LocalKafka kafka = LocalKafka.start(settings);
             Admin admin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:" + port))) {
            assertThat(kafka.bootstrapServers()).endsWith(":" + port);
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("local-check", 1, (short) 1))).all().get();
            // the controller has committed the topic; the broker's metadata, which listTopics reads, follows a moment later
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(admin.listTopics().names().get()).contains("local-check"));
        }
    }

    /**
     * A port whose next one is free too: the local broker listens on its port and its controller on the next one
     * ({@link LocalKafka#brokerProperties}). Both are held open together while chosen, so neither is a port some
     * other listener holds; the first pair the system offers that has a free neighbour is taken.
     */
    private static int twoFreePorts() throws Exception {
        for (int tries = 0; ; tries++) {
            try (ServerSocket first = new ServerSocket(0); ServerSocket _ = new ServerSocket(first.getLocalPort() + 1)) {
                return first.getLocalPort();
            } catch (java.net.BindException taken) {
                if (tries == 50) {
                    throw taken;
                }
            }
        }
    }

    private static String jdbc(String databaseUrl) {
        return "jdbc:postgresql://" + databaseUrl.substring(databaseUrl.indexOf('@') + 1);
    }

    private static void execute(String databaseUrl, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbc(databaseUrl), "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(String databaseUrl, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbc(databaseUrl), "postgres", "postgres");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
