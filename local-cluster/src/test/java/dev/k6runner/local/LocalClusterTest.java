package dev.k6runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClusterTest {

    @TempDir
    Path dataDirectory;

    @Test
    void postgresKeepsItsDataAcrossARestart() throws Exception {
        LocalClusterSettings settings = new LocalClusterSettings(dataDirectory, freePort(), freePort());
        try (LocalPostgres first = LocalPostgres.start(settings)) {
            execute(first.databaseUrl(), "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");
        }
        try (LocalPostgres second = LocalPostgres.start(settings)) {
            assertThat(query(second.databaseUrl(), "SELECT value FROM kept")).isEqualTo("still here");
        }
    }

    @Test
    void kafkaListensOnTheConfiguredLoopbackPort() throws Exception {
        int port = freePort();
        LocalClusterSettings settings = new LocalClusterSettings(dataDirectory, freePort(), port);
        try (LocalKafka kafka = LocalKafka.start(settings);
             Admin admin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:" + port))) {
            assertThat(kafka.bootstrapServers()).endsWith(":" + port);
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("local-check", 1, (short) 1))).all().get();
            assertThat(admin.listTopics().names().get()).contains("local-check");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
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
