package dev.k6runner.bench.process;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.k6runner.testsupport.process.ManagedProcess;
import dev.k6runner.testsupport.process.Repository;
import dev.k6runner.testsupport.process.ServiceProcess;
import dev.k6runner.testsupport.process.Sleep;

/**
 * The whole local mode as separate processes, each restartable on its own: the broker and the database
 * (two local-cluster processes on fixed ports, data kept), the gateway, runners and the analyzer.
 */
public final class Stack implements AutoCloseable {

    /** As run-local.sh starts the services. */
    public static final List<String> SERVICE_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders");
    private static final Duration READY = Duration.ofSeconds(420);

    private final Path dataDirectory;
    private final List<String> jvmFlags;
    private final LocalClusterProcess postgres;
    private final LocalClusterProcess kafka;
    private final Map<String, String> gatewayEnvironment = new HashMap<>();
    private final Map<String, String> runnerEnvironment = new HashMap<>();
    private final List<ServiceProcess> services = new ArrayList<>();
    private ServiceProcess gateway;
    private ServiceProcess analyzer;
    private Integer servicesDatabasePort;

    public Stack(Path dataDirectory) {
        this(dataDirectory, SERVICE_JVM);
    }

    /** @param jvmFlags the services' JVM flags, e.g. C1 only for a soak that measures no speed */
    public Stack(Path dataDirectory, List<String> jvmFlags) {
        this.dataDirectory = dataDirectory.toAbsolutePath();
        this.jvmFlags = List.copyOf(jvmFlags);
        int kafkaPort = Repository.freePort();
        int postgresPort = Repository.freePort();
        this.postgres = new LocalClusterProcess("postgres", this.dataDirectory, kafkaPort, postgresPort);
        this.kafka = new LocalClusterProcess("kafka", this.dataDirectory, kafkaPort, postgresPort);
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public Stack gatewayEnvironment(Map<String, String> environment) {
        gatewayEnvironment.putAll(environment);
        return this;
    }

    /** The services reach Postgres on this loopback port (a fault proxy in front of it); this class's jdbc() never. */
    public Stack servicesDatabasePort(int port) {
        servicesDatabasePort = port;
        return this;
    }

    /** The services' DATABASE_URL with another port: a proxy in front of Postgres. */
    public String databaseUrlThrough(int port) {
        return databaseUrl().replaceFirst(":\\d+/", ":" + port + "/");
    }

    public int databasePort() {
        return Integer.parseInt(databaseUrl().replaceFirst("^.*:(\\d+)/.*$", "$1"));
    }

    public Stack runnerEnvironment(Map<String, String> environment) {
        runnerEnvironment.putAll(environment);
        return this;
    }

    /** Postgres and Kafka at once (each is its own process). */
    public Stack startInfrastructure() throws IOException {
        Thread database = Thread.ofPlatform().start(() -> {
            try {
                postgres.start(READY);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        kafka.start(READY);
        try {
            database.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (postgres.process() == null || !postgres.process().alive()) {
            throw new IllegalStateException("postgres did not start; see " + dataDirectory.resolve("logs"));
        }
        return this;
    }

    public String databaseUrl() {
        return postgres.databaseUrl();
    }

    public String kafkaBootstrapServers() {
        return kafka.kafkaBootstrapServers();
    }

    public Connection jdbc() throws SQLException {
        return Jdbc.connect(databaseUrl());
    }

    public ServiceProcess startGateway() {
        Map<String, String> env = common();
        env.put("K6RUNNER_GATEWAY_AUTH_MODE", "none");
        env.put("K6RUNNER_AUTH_MODE", "none");
        env.putAll(gatewayEnvironment);
        gateway = start("api-gateway", "api-gateway", env);
        return gateway;
    }

    public ServiceProcess startAnalyzer() {
        analyzer = start("analyzer-worker", "analyzer-worker", common());
        return analyzer;
    }

    /** A runner whose id is also its process name, so runs.runner_id tells which process held a run. */
    public ServiceProcess startRunner(String id) {
        return startRunner(id, Map.of());
    }

    /** A runner with settings of its own on top of the runners' (its own database route, work folder, faults). */
    public ServiceProcess startRunner(String id, Map<String, String> own) {
        Map<String, String> env = common();
        env.put("K6RUNNER_RUNNER_ID", id);
        env.put("K6RUNNER_RUNNER_WORK_DIR", dataDirectory.resolve("work").resolve(id).toString());
        env.putAll(runnerEnvironment);
        env.putAll(own);
        return start(id, "runner-worker", env);
    }

    /** Starts services in parallel and waits for all of them to be ready. */
    public static void awaitReady(List<ServiceProcess> processes) {
        processes.parallelStream().forEach(p -> p.awaitReady(READY));
    }

    public ServiceProcess gateway() {
        return gateway;
    }

    public ServiceProcess analyzer() {
        return analyzer;
    }

    public LocalClusterProcess postgres() {
        return postgres;
    }

    public LocalClusterProcess kafka() {
        return kafka;
    }

    public List<ManagedProcess> everything() {
        List<ManagedProcess> all = new ArrayList<>(services);
        all.add(postgres.process());
        all.add(kafka.process());
        return all;
    }

    /** Lets every team queue as many runs as the benchmark or the soak submits (max_queued_runs). */
    public void liftQuota() throws SQLException {
        try (Connection connection = jdbc(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE teams SET max_queued_runs = 1000000");
        }
    }

    public void restartKafka(Duration down) throws IOException {
        kafka.stop();
        Sleep.millis(down.toMillis());
        kafka.start(READY);
    }

    public void cutDatabase(Duration down) throws IOException {
        postgres.stop();
        Sleep.millis(down.toMillis());
        postgres.start(READY);
    }

    public ServiceProcess restart(ServiceProcess service) {
        services.remove(service);
        service.stop(Duration.ofSeconds(40));
        ServiceProcess again = service == analyzer ? startAnalyzer() : null;
        if (again == null) {
            throw new IllegalArgumentException("only the analyzer restarts this way");
        }
        return again.awaitReady(READY);
    }

    private ServiceProcess start(String name, String module, Map<String, String> env) {
        ServiceProcess process = ServiceProcess.start(name, module, dataDirectory.resolve("logs"), env, jvmFlags);
        services.add(process);
        return process;
    }

    private Map<String, String> common() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", servicesDatabasePort == null ? postgres.databaseUrl() : databaseUrlThrough(servicesDatabasePort));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.kafkaBootstrapServers());
        env.put("LOG_LEVEL", "INFO");
        env.put("K6_RESULTS_DIR", dataDirectory.resolve("results").toString());
        return env;
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).stop(Duration.ofSeconds(20));
        }
        kafka.stop();
        postgres.stop();
    }
}
