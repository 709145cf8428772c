package dev.k6runner.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import dev.k6runner.testsupport.K6Standin;
import dev.k6runner.testsupport.SharedKafka;
import dev.k6runner.testsupport.SharedPostgres;

/** {@code validate} against the real embedded Postgres and Kafka of test-support. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ValidationTest {

    /** Bounds checks that should pass: the k6 check starts the stand-in, a JVM, slow on a loaded machine. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** Bounds checks against a closed port, where the Kafka client spends the whole timeout retrying. */
    private static final Duration UNREACHABLE_TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    static Path dir;
    private static Path fakeK6;
    private static String migratedDatabase;

    @BeforeAll
    static void prepare() throws IOException {
        // the project's k6 stand-in: `k6 version` answers what the recorded k6 v0.49.0 printed
        fakeK6 = K6Standin.install(dir.resolve("bin"));
        String jdbc = SharedPostgres.freshDatabase();
        Flyway.configure().dataSource(jdbc, SharedPostgres.username(), SharedPostgres.password()).load().migrate();
        migratedDatabase = asDatabaseUrl(jdbc);
    }

    /** The {@code postgres://user:password@host:port/db} form of DATABASE_URL. */
    private static String asDatabaseUrl(String jdbc) {
        return jdbc.replace("jdbc:postgresql://", "postgres://postgres:postgres@");
    }

    private static ValidationOptions options(String databaseUrl, String kafka, String k6, String path, String gemini) {
        return options(databaseUrl, kafka, k6, path, gemini, TIMEOUT);
    }

    private static ValidationOptions options(String databaseUrl, String kafka, String k6, String path, String gemini,
                                             Duration timeout) {
        return new ValidationOptions(databaseUrl, kafka, k6, path, gemini, Set.of(), timeout, Duration.ofSeconds(60), () -> null);
    }

    private record Outcome(boolean passed, String text) {
        String line(String check) {
            return text.lines().filter(l -> l.substring(6).startsWith(check + " ")).findFirst().orElseThrow();
        }
    }

    private static Outcome validate(ValidationOptions options) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean passed = Validation.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Outcome(passed, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Order(1)
    void kafkaWithoutTheTopicsSaysHowToCreateThem() {
        Outcome outcome = validate(options(migratedDatabase, SharedKafka.bootstrapServers(), fakeK6.toString(), null, null));

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.line("kafka")).startsWith("FAIL").contains("topics [").contains("are missing")
                .contains("start any k6runner service once");
    }

    @Test
    @Order(2)
    void aComplete_installationPassesEveryCheck() throws Exception {
        createTopics();
        heartbeat(migratedDatabase, "runner-a", true, "bubblewrap", "now()");

        Outcome outcome = validate(options(migratedDatabase, SharedKafka.bootstrapServers(), fakeK6.toString(), null, "AIzaSyTEST-key-1234"));

        assertThat(outcome.passed()).as(outcome.text()).isTrue();
        assertThat(outcome.line("java")).startsWith("OK").contains("Java 25");
        assertThat(outcome.line("k6")).startsWith("OK").contains("k6 v0.49.0 (go1.19.8, linux/amd64) at " + fakeK6);
        assertThat(outcome.line("database")).startsWith("OK").contains("migrated to V");
        assertThat(outcome.line("kafka")).startsWith("OK").contains("topics").contains("present");
        assertThat(outcome.line("runners")).startsWith("OK").contains("1 runner(s) alive with k6").contains("0/2 slots busy")
                .contains("confinement bubblewrap");
        assertThat(outcome.line("gemini")).startsWith("OK").contains("…1234").doesNotContain("AIzaSyTEST");
        assertThat(outcome.text()).contains("validate: all required checks passed");
    }

    @Test
    @Order(3)
    void anEmptyDatabaseSaysToRunTheMigrations() {
        String empty = asDatabaseUrl(SharedPostgres.freshDatabase());

        Outcome outcome = validate(options(empty, SharedKafka.bootstrapServers(), fakeK6.toString(), null, null));

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.line("database")).startsWith("FAIL").contains("not migrated: no flyway_schema_history")
                .contains("start any k6runner service once");
        assertThat(outcome.line("runners")).startsWith("FAIL");
        assertThat(outcome.text()).contains("required checks failed");
    }

    @Test
    @Order(4)
    void unreachableKafkaAndDatabaseSayWhatToSet() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        Outcome outcome = validate(options("postgres://u:secret@127.0.0.1:" + closed + "/x", "127.0.0.1:" + closed,
                fakeK6.toString(), null, null, UNREACHABLE_TIMEOUT));

        assertThat(outcome.line("kafka")).startsWith("FAIL").contains("cannot reach Kafka at 127.0.0.1:" + closed)
                .contains("start Kafka or set KAFKA_BOOTSTRAP_SERVERS");
        assertThat(outcome.line("database")).startsWith("FAIL").contains("cannot connect to jdbc:postgresql://127.0.0.1:" + closed)
                .contains("set DATABASE_URL").doesNotContain("secret");
        assertThat(outcome.line("runners")).startsWith("FAIL").contains("cannot tell");
    }

    @Test
    @Order(5)
    void runnersMustHeartbeatAndHaveK6() throws Exception {
        String database = asDatabaseUrl(SharedPostgres.freshDatabase());
        Flyway.configure().dataSource(database.replace("postgres://postgres:postgres@", "jdbc:postgresql://"), "postgres", "postgres")
                .load().migrate();
        ValidationOptions options = new ValidationOptions(database, null, null, null, null,
                Set.of("kafka", "k6"), TIMEOUT, Duration.ofSeconds(60), () -> null);

        assertThat(validate(options).line("runners")).startsWith("FAIL").contains("no runner heartbeat in the last 60 s");
        heartbeat(database, "stale", true, "bubblewrap", "now() - interval '10 minutes'");
        assertThat(validate(options).line("runners")).startsWith("FAIL").contains("no runner heartbeat");
        heartbeat(database, "no-k6", false, "bubblewrap", "now()");
        assertThat(validate(options).line("runners")).startsWith("FAIL").contains("none found k6").contains("K6_BINARY");
        heartbeat(database, "refusing", true, "none: bwrap not found (runs refused: confinement required)", "now()", false);
        assertThat(validate(options).line("runners")).startsWith("FAIL").contains("none found k6");
        heartbeat(database, "open", true, "none: bwrap not installed", "now()");
        Outcome unconfined = validate(options);
        assertThat(unconfined.line("runners")).startsWith("WARN").contains("WITHOUT confinement");
        assertThat(unconfined.line("kafka")).startsWith("SKIP");
        assertThat(unconfined.passed()).isTrue();
    }

    @Test
    @Order(5)
    void aRunnerThatRefusesRunsSaysToInstallBubblewrap() throws Exception {
        String database = asDatabaseUrl(SharedPostgres.freshDatabase());
        Flyway.configure().dataSource(database.replace("postgres://postgres:postgres@", "jdbc:postgresql://"), "postgres", "postgres")
                .load().migrate();
        heartbeat(database, "refusing", true, "none: bwrap not found (runs refused: confinement required)", "now()", false);
        ValidationOptions options = new ValidationOptions(database, null, null, null, null,
                Set.of("kafka", "k6"), TIMEOUT, Duration.ofSeconds(60), () -> null);

        assertThat(validate(options).line("runners")).startsWith("FAIL").contains("refusing runs")
                .contains("install bubblewrap").contains("K6RUNNER_RUNNER_CONFINEMENT_REQUIRED=false");
    }

    @Test
    @Order(6)
    void withoutTheDatabaseTheRunnerCheckAsksTheGateway() {
        String health = """
                {"status":"UP","runners":[{"id":"r1","host":"host-a","k6_version":"v0.49.0","capacity":4,"busy":1,
                 "confinement":"bubblewrap: its sandbox works here","accepts_runs":true}]}""";
        ValidationOptions options = new ValidationOptions("postgres://u:p@127.0.0.1:1/x", null, null, null, null,
                Set.of("kafka", "k6", "database"), TIMEOUT, Duration.ofSeconds(60), () -> health);

        assertThat(validate(options).line("runners")).startsWith("OK").contains("(gateway health), 1/4 slots busy")
                .contains("confinement bubblewrap: its sandbox works here");
        String refusing = health.replace("\"accepts_runs\":true", "\"accepts_runs\":false");
        assertThat(validate(new ValidationOptions("postgres://u:p@127.0.0.1:1/x", null, null, null, null,
                Set.of("kafka", "k6", "database"), TIMEOUT, Duration.ofSeconds(60), () -> refusing)).line("runners"))
                .startsWith("FAIL").contains("refusing runs");
    }

    /** On the quick start's machine: nothing set, and run-local.sh's cluster.env names what runs there. */
    @Test
    @Order(10)
    void withNothingSetTheCommandChecksTheRunningLocalMode(@TempDir Path data) throws Exception {
        Files.writeString(data.resolve("cluster.env"),
                "KAFKA_BOOTSTRAP_SERVERS=" + SharedKafka.bootstrapServers() + "\nDATABASE_URL=" + migratedDatabase + "\n");
        String[] args = {"--skip", "runners", "--timeout", "20s"};

        CliOutput local = cliOutput(Map.of("K6RUNNER_DATA_DIR", data.toString(), "K6_BINARY", fakeK6.toString()), args);
        assertThat(local.status()).as(local.text()).isZero();
        assertThat(local.text()).contains("checking the running local mode (" + data.resolve("cluster.env") + ")");
        assertThat(local.line("database")).startsWith("OK");
        assertThat(local.line("kafka")).startsWith("OK").contains(SharedKafka.bootstrapServers());

        Files.delete(data.resolve("cluster.env")); // as when the local mode stopped
        CliOutput stopped = cliOutput(Map.of("K6RUNNER_DATA_DIR", data.toString(), "K6_BINARY", fakeK6.toString(),
                "KAFKA_BOOTSTRAP_SERVERS", SharedKafka.bootstrapServers()), "--skip", "runners", "--skip", "database");
        assertThat(stopped.text()).doesNotContain("local mode");
    }

    @Test
    @Order(7)
    void k6MissingOrNotExecutableSaysHowToInstall() throws IOException {
        Path notExecutable = Files.writeString(dir.resolve("not-k6"), "text");

        assertThat(new K6Check(null, dir.resolve("empty").toString(), TIMEOUT).check().message())
                .isEqualTo("k6 not found: K6_BINARY is unset and no k6 on PATH: " + K6Check.INSTALL_HINT);
        assertThat(new K6Check(notExecutable.toString(), null, TIMEOUT).check().message())
                .startsWith("K6_BINARY=" + notExecutable + " is not an executable file");
        assertThat(new K6Check(null, "/nonexistent:" + fakeK6.getParent(), TIMEOUT).check().level()).isEqualTo(CheckResult.Level.OK);
        assertThat(GeminiCheck.check(null).level()).isEqualTo(CheckResult.Level.INFO);
        assertThat(JavaCheck.check(21, "21.0.2", "x", "/jdk21").message()).contains("install JDK 25");
    }

    @Test
    @Order(8)
    void databaseUrlInBothForms() {
        assertThat(DatabaseTarget.parse("postgres://k6:p%40ss@db:6543/runs?sslmode=require"))
                .isEqualTo(new DatabaseTarget("jdbc:postgresql://db:6543/runs?sslmode=require", "k6", "p@ss"));
        assertThat(DatabaseTarget.parse(null).jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/k6runner");
        assertThat(DatabaseTarget.parse("jdbc:postgresql://h/d").jdbcUrl()).isEqualTo("jdbc:postgresql://h/d");
    }

    @Test
    @Order(9)
    void theCommandExitsSevenWhenARequiredCheckFails() {
        String empty = asDatabaseUrl(SharedPostgres.freshDatabase());
        String[] skips = {"--skip", "kafka", "--skip", "runners", "--timeout", "20s"};

        assertThat(cli(Map.of("DATABASE_URL", migratedDatabase, "K6_BINARY", fakeK6.toString()), skips)).isZero();
        assertThat(cli(Map.of("DATABASE_URL", empty, "K6_BINARY", fakeK6.toString()), skips)).isEqualTo(7);
        assertThat(cli(Map.of("DATABASE_URL", migratedDatabase, "PATH", "/nonexistent"), skips)).isEqualTo(7);
        assertThat(cli(Map.of(), "--skip", "everything")).isEqualTo(2);
    }

    private static int cli(Map<String, String> env, String... extra) {
        return cliOutput(env, extra).status();
    }

    private record CliOutput(int status, String text) {
        String line(String check) {
            return new Outcome(status == 0, text).line(check);
        }
    }

    private static CliOutput cliOutput(Map<String, String> env, String... extra) {
        String[] args = new String[extra.length + 1];
        args[0] = "validate";
        System.arraycopy(extra, 0, args, 1, extra.length);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = dev.k6runner.cli.Cli.run(args, stream, stream, env);
        return new CliOutput(status, bytes.toString(StandardCharsets.UTF_8));
    }

    private static void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
            List<NewTopic> topics = KafkaCheck.TOPICS.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList();
            try {
                admin.createTopics(topics).all().get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private static void heartbeat(String databaseUrl, String id, boolean k6, String confinement, String when) throws SQLException {
        heartbeat(databaseUrl, id, k6, confinement, when, true);
    }

    private static void heartbeat(String databaseUrl, String id, boolean k6, String confinement, String when, boolean accepts)
            throws SQLException {
        DatabaseTarget target = DatabaseTarget.parse(databaseUrl);
        try (Connection connection = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO runners (id, host, k6_version, k6_available, confinement, accepts_runs, capacity, busy, last_heartbeat) "
                    + "VALUES ('" + id + "', 'host-" + id + "', " + (k6 ? "'v0.49.0'" : "null") + ", " + k6 + ", '" + confinement + "', "
                    + accepts + ", 2, 0, " + when + ")");
        }
    }
}
