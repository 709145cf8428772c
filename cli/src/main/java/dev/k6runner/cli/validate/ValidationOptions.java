package dev.k6runner.cli.validate;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What {@code k6runner validate} checks against.
 *
 * @param databaseUrl     {@code DATABASE_URL}: JDBC or {@code postgres://user:password@host:port/db}
 * @param kafkaBootstrap  {@code KAFKA_BOOTSTRAP_SERVERS}
 * @param k6Binary        {@code K6_BINARY}, or null to search {@code PATH}
 * @param path            the {@code PATH} to search for k6
 * @param geminiApiKey    {@code GEMINI_API_KEY}, or null
 * @param skipped         checks not to run: java, k6, database, kafka, runners, gemini
 * @param timeout         how long each network check may take
 * @param runnerMaxAge    a runner whose last heartbeat is older than this counts as gone
 * @param gatewayHealth   the gateway's health document, or null when it cannot be reached
 *                        (the runner check's fallback when the database cannot be read)
 */
public record ValidationOptions(String databaseUrl, String kafkaBootstrap, String k6Binary, String path,
                                String geminiApiKey, Set<String> skipped, Duration timeout, Duration runnerMaxAge,
                                Supplier<String> gatewayHealth) {

    public static final Set<String> CHECKS = Set.of("java", "k6", "database", "kafka", "runners", "gemini");
    public static final String DEFAULT_DATABASE_URL = "postgres://k6runner:k6runner@localhost:5432/k6runner";
    public static final String DEFAULT_KAFKA = "localhost:9092";
}
