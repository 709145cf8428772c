package dev.k6runner.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where local mode keeps its data and which loopback ports it uses. Read from the environment
 * so that run-local.sh and the soak can move them.
 *
 * @param dataDirectory K6RUNNER_DATA_DIR: Postgres data (kept across restarts) and the results
 * @param postgresPort  K6RUNNER_POSTGRES_PORT: loopback port of the local Postgres
 * @param kafkaPort     K6RUNNER_KAFKA_PORT: loopback port of the local Kafka broker
 */
record LocalClusterSettings(Path dataDirectory, int postgresPort, int kafkaPort) {

    static final String DATABASE = "k6runner";

    static LocalClusterSettings fromEnvironment(Map<String, String> environment) {
        return new LocalClusterSettings(
                Path.of(environment.getOrDefault("K6RUNNER_DATA_DIR", ".local-data")),
                Integer.parseInt(environment.getOrDefault("K6RUNNER_POSTGRES_PORT", "15432")),
                Integer.parseInt(environment.getOrDefault("K6RUNNER_KAFKA_PORT", "19092")));
    }
}
