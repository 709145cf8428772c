package dev.k6runner.cli.validate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;

/** Kafka reachable, and the four topics of the pipeline present. */
final class KafkaCheck {

    static final List<String> TOPICS = List.of("k6.runs.requested", "k6.runs.control", "k6.runs.finished", "k6.runs.finished.dlt");

    private final String bootstrap;
    private final Duration timeout;

    KafkaCheck(String bootstrap, Duration timeout) {
        this.bootstrap = bootstrap == null || bootstrap.isBlank() ? ValidationOptions.DEFAULT_KAFKA : bootstrap.trim();
        this.timeout = timeout;
    }

    CheckResult check() {
        int millis = (int) timeout.toMillis();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, (long) Math.min(millis, 2000),
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, (long) millis,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000L,
                AdminClientConfig.CLIENT_ID_CONFIG, "k6runner-validate");
        try (Admin admin = Admin.create(config)) {
            try {
                int brokers = admin.describeCluster().nodes().get(millis, TimeUnit.MILLISECONDS).size();
                Set<String> present = admin.listTopics(new ListTopicsOptions().listInternal(false)).names()
                        .get(millis, TimeUnit.MILLISECONDS);
                return topics(brokers, present);
            } catch (TimeoutException | ExecutionException e) {
                return CheckResult.fail("kafka", "cannot reach Kafka at " + bootstrap + " within " + timeout.toSeconds() + " s ("
                        + DatabaseCheck.oneLine(rootMessage(e)) + "): start Kafka or set KAFKA_BOOTSTRAP_SERVERS (or --kafka)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CheckResult.fail("kafka", "interrupted while asking Kafka at " + bootstrap);
            } finally {
                admin.close(Duration.ofMillis(500));
            }
        }
    }

    private CheckResult topics(int brokers, Set<String> present) {
        Set<String> missing = new TreeSet<>(TOPICS);
        missing.removeAll(present);
        if (!missing.isEmpty()) {
            return CheckResult.fail("kafka", "reachable at " + bootstrap + " but topics " + missing + " are missing: start any k6runner "
                    + "service once (each declares the topics at start) or create them with kafka-topics.sh --create");
        }
        return CheckResult.ok("kafka", "reachable at " + bootstrap + " (" + brokers + " broker" + (brokers == 1 ? "" : "s")
                + "), topics " + TOPICS + " present");
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
