package dev.k6runner.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.k6runner.testsupport.process.ManagedProcess;
import dev.k6runner.testsupport.process.Repository;
import dev.k6runner.testsupport.process.Sleep;

/**
 * One component of local mode's infrastructure ({@code all}, {@code kafka} or {@code postgres}) as its own
 * process, so the soak can stop and start the broker and the database independently. Ready when the
 * local cluster writes its {@code <component>.env} marker.
 */
public final class LocalClusterProcess {

    private final String component;
    private final Path dataDirectory;
    private final int kafkaPort;
    private final int postgresPort;
    private ManagedProcess process;
    private Map<String, String> addresses = Map.of();

    public LocalClusterProcess(String component, Path dataDirectory, int kafkaPort, int postgresPort) {
        this.component = component;
        this.dataDirectory = dataDirectory;
        this.kafkaPort = kafkaPort;
        this.postgresPort = postgresPort;
    }

    public LocalClusterProcess start(Duration timeout) throws IOException {
        Path marker = dataDirectory.resolve(component.equals("all") ? "cluster.env" : component + ".env");
        Files.createDirectories(dataDirectory);
        Files.deleteIfExists(marker);
        Map<String, String> env = new HashMap<>();
        env.put("K6RUNNER_DATA_DIR", dataDirectory.toString());
        env.put("K6RUNNER_KAFKA_PORT", String.valueOf(kafkaPort));
        env.put("K6RUNNER_POSTGRES_PORT", String.valueOf(postgresPort));
        process = ManagedProcess.start("local-cluster-" + component,
                List.of(Repository.javaExecutable(), "-Xmx512m", "-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders", "-jar",
                        Repository.execJar("local-cluster").toString(), component),
                env, dataDirectory.resolve("logs").resolve("local-cluster-" + component + ".log"));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(marker)) {
            if (!process.alive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("local-cluster " + component + " did not become ready; log "
                        + process.log() + ":\n" + process.tail(30));
            }
            Sleep.millis(200);
        }
        addresses = EnvFile.parse(Files.readString(marker));
        return this;
    }

    /** A graceful stop: the broker or the database shuts down cleanly, its data stays. */
    public void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(60));
        }
    }

    public ManagedProcess process() {
        return process;
    }

    /**
     * The component's processes: its JVM and, where it runs Postgres, the postmaster with every backend. Those are
     * not the JVM's descendants (pg_ctl starts the postmaster and exits, so it is re-parented); the postmaster is
     * found by its data directory.
     */
    public List<ProcessHandle> tree() {
        List<ProcessHandle> tree = new ArrayList<>(process.tree());
        postmaster().ifPresent(postmaster -> {
            tree.add(postmaster);
            postmaster.descendants().forEach(tree::add);
        });
        return tree;
    }

    private Optional<ProcessHandle> postmaster() {
        if (component.equals("kafka")) {
            return Optional.empty();
        }
        String option = "-D " + dataDirectory.resolve("postgres").toAbsolutePath() + " ";
        return ProcessHandle.allProcesses()
                .filter(handle -> handle.info().commandLine().filter(line -> line.contains(option)).isPresent())
                .findFirst();
    }

    public String kafkaBootstrapServers() {
        return addresses.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort);
    }

    public String databaseUrl() {
        return addresses.getOrDefault("DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:" + postgresPort + "/k6runner");
    }
}
