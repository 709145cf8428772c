package dev.k6runner.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.k6runner.testsupport.K6Standin;
import dev.k6runner.testsupport.SharedKafka;
import dev.k6runner.testsupport.SharedPostgres;
import dev.k6runner.testsupport.process.ServiceProcess;

/**
 * The whole service, as separate processes over one real Kafka and one real Postgres: the
 * gateway, a runner with the k6 stand-in as its k6, and the analyzer. Started once per test JVM.
 */
final class Pipeline {

    /** Small heaps and C1 only: the services start faster and leave the shared cores to the tests. */
    private static final List<String> JVM_FLAGS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);

    private static Pipeline instance;

    private final Path workDirectory;
    private final Map<String, String> commonEnvironment;
    private final Map<String, String> runnerEnvironment;
    private final Map<String, String> gatewayEnvironment;
    /** Replaced when a test restarts it; a test class reads it when it starts. */
    volatile ServiceProcess gateway;
    private final List<ServiceProcess> retiredGateways = new ArrayList<>();
    final ServiceProcess analyzer;
    final List<ServiceProcess> runners = new ArrayList<>();
    /** Runners stopped by {@link #stopRunners}: their numbers are not given again, so no log file is reused. */
    private int retiredRunners;

    private Pipeline(Path workDirectory) throws IOException {
        this.workDirectory = workDirectory;
        String databaseUrl = SharedPostgres.freshDatabase();
        commonEnvironment = Map.of(
                "DATABASE_URL", databaseUrl,
                "SPRING_DATASOURCE_USERNAME", SharedPostgres.username(),
                "SPRING_DATASOURCE_PASSWORD", SharedPostgres.password(),
                "KAFKA_BOOTSTRAP_SERVERS", SharedKafka.bootstrapServers(),
                "K6RUNNER_KAFKA_GROUP_SUFFIX", "-e2e-" + UUID.randomUUID().toString().substring(0, 8),
                "K6_RESULTS_DIR", workDirectory.resolve("results").toString(),
                "LOG_LEVEL", "INFO");
        runnerEnvironment = runnerEnvironment(workDirectory);
        Path logs = Files.createDirectories(workDirectory.resolve("logs"));
        gatewayEnvironment = merge(commonEnvironment, Map.of(
                "K6RUNNER_GATEWAY_AUTH_MODE", "none",
                "K6RUNNER_GATEWAY_RELAY_MAINTENANCE_INTERVAL", "1s",
                "K6RUNNER_GATEWAY_FLEET_RUNNER_ALIVE_WINDOW", "10s"));
        gateway = ServiceProcess.start("api-gateway", "api-gateway", logs, gatewayEnvironment, JVM_FLAGS);
        analyzer = ServiceProcess.start("analyzer-worker", "analyzer-worker", logs, commonEnvironment, JVM_FLAGS);
        runners.add(startRunner());
        gateway.awaitReady(READY_WITHIN);
        analyzer.awaitReady(READY_WITHIN);
        runners.getFirst().awaitReady(READY_WITHIN);
    }

    static synchronized Pipeline get() {
        if (instance == null) {
            try {
                Pipeline started = new Pipeline(Files.createTempDirectory("k6runner-e2e"));
                // normally stopped by StopPipelineAfterTests; the hook is the last resort
                Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "e2e-pipeline-stop"));
                instance = started;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** A further runner, e.g. after a test killed one. */
    ServiceProcess startRunner() {
        return startRunner(Map.of());
    }

    /** A further runner whose settings (environment variables) override the pipeline's, e.g. its id, slots or k6. */
    synchronized ServiceProcess startRunner(Map<String, String> overrides) {
        String name = "runner-worker-" + (runners.size() + retiredRunners + 1);
        ServiceProcess runner = ServiceProcess.start(name, "runner-worker", workDirectory.resolve("logs"),
                merge(merge(commonEnvironment, runnerEnvironment), overrides), JVM_FLAGS);
        runners.add(runner);
        return runner;
    }

    /** Stops every runner gracefully (it finishes its runs and says in the registry that it takes no more). */
    synchronized void stopRunners() {
        runners.forEach(ServiceProcess::terminate);
        runners.forEach(runner -> runner.stop(Duration.ofSeconds(60)));
        retiredRunners += runners.size();
        runners.clear();
    }

    /**
     * The k6 stand-in at another speed (below 1: slower than recorded, so a test has time to act mid-run), logging
     * to the same invocation log as the pipeline's: a path for {@code K6_BINARY}.
     */
    Path standinAtSpeed(double speed) {
        return K6Standin.install(workDirectory.resolve("bin-speed-" + speed), new K6Standin.Options(null, speed, invocationLog()));
    }

    /** A new gateway in place of one a test killed (on another port), ready to serve. */
    synchronized ServiceProcess restartGateway() {
        retiredGateways.add(gateway);
        gateway = startGateway("api-gateway-" + (retiredGateways.size() + 1), gatewayEnvironment);
        return gateway;
    }

    /**
     * A further gateway over the same database and Kafka in cluster mode (API keys, admin calls with the
     * token), beside the local-mode one; stopped with the pipeline.
     */
    synchronized ServiceProcess startApiKeyGateway(String adminToken) {
        ServiceProcess apiKeyGateway = startGateway("api-gateway-api-key-" + (retiredGateways.size() + 1),
                merge(gatewayEnvironment, Map.of("K6RUNNER_GATEWAY_AUTH_MODE", "api-key", "K6RUNNER_ADMIN_TOKEN", adminToken)));
        retiredGateways.add(apiKeyGateway);
        return apiKeyGateway;
    }

    private ServiceProcess startGateway(String name, Map<String, String> environment) {
        return ServiceProcess.start(name, "api-gateway", workDirectory.resolve("logs"), environment, JVM_FLAGS)
                .awaitReady(READY_WITHIN);
    }

    Path invocationLog() {
        return workDirectory.resolve("invocations").resolve("k6-invocations.ndjson");
    }

    private Map<String, String> runnerEnvironment(Path workDirectory) throws IOException {
        Files.createDirectories(invocationLog().getParent());
        Path k6 = K6Standin.install(workDirectory.resolve("bin"), new K6Standin.Options(null, 1.0, invocationLog()));
        String readOnlyPaths = K6Standin.readOnlyPathsNeeded().stream().map(Path::toString).collect(Collectors.joining(","));
        Map<String, String> environment = new HashMap<>();
        environment.put("K6_BINARY", k6.toString());
        environment.put("K6RUNNER_RUNNER_SLOTS", "2");
        environment.put("K6RUNNER_RUNNER_HEARTBEAT_INTERVAL", "1s");
        environment.put("K6RUNNER_RUNNER_LEASE_DURATION", "4s");
        environment.put("K6RUNNER_RUNNER_STOP_GRACE_PERIOD", "5s");
        environment.put("K6RUNNER_RUNNER_WORK_DIR", workDirectory.resolve("work").toString());
        // Confined by bubblewrap where it is installed; the stand-in then needs the JDK and its jar inside.
        environment.put("K6RUNNER_RUNNER_CONFINEMENT_REQUIRED", "false");
        environment.put("K6RUNNER_RUNNER_CONFINEMENT_READ_ONLY_PATHS", readOnlyPaths);
        // The stand-in appends each invocation to this log from inside the sandbox; nothing else is writable.
        environment.put("K6RUNNER_RUNNER_CONFINEMENT_WRITABLE_PATHS", invocationLog().getParent().toString());
        return environment;
    }

    static synchronized void stopIfStarted() {
        if (instance != null) {
            instance.stop();
        }
    }

    private void stop() {
        // all at once, within surefire's time for a forked JVM to exit, so nothing outlives the tests
        List<ServiceProcess> all = new ArrayList<>(runners);
        all.add(analyzer);
        all.add(gateway);
        all.addAll(retiredGateways);
        all.forEach(ServiceProcess::terminate);
        all.forEach(process -> process.stop(Duration.ofSeconds(20)));
        runners.clear();
    }

    private static Map<String, String> merge(Map<String, String> first, Map<String, String> second) {
        Map<String, String> merged = new HashMap<>(first);
        merged.putAll(second);
        return merged;
    }
}
