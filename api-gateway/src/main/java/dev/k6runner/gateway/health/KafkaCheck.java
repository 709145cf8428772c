package dev.k6runner.gateway.health;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

import dev.k6runner.gateway.GatewayProperties;

/**
 * Is a Kafka broker reachable? One long-lived AdminClient, a short timeout, and the answer reused
 * for a few seconds, so that health polls never pile up on a dead broker.
 */
@Component
class KafkaCheck implements DisposableBean {

    record Result(boolean up, String error, long checkedAtNanos) {
    }

    private final AdminClient admin;
    private final long timeoutMillis;
    private final long ttlNanos;
    private volatile Result last;

    KafkaCheck(KafkaProperties kafka, GatewayProperties properties) {
        long timeout = properties.fleet().kafkaCheckTimeout().toMillis();
        this.admin = AdminClient.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000,
                AdminClientConfig.CLIENT_ID_CONFIG, "api-gateway-health"));
        this.timeoutMillis = timeout;
        this.ttlNanos = properties.fleet().kafkaCheckCacheTtl().toNanos();
    }

    synchronized Result check() {
        Result cached = last;
        if (cached != null && System.nanoTime() - cached.checkedAtNanos() < ttlNanos) {
            return cached;
        }
        Result fresh;
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMillis))
                    .nodes().get(timeoutMillis + 500, TimeUnit.MILLISECONDS).size();
            fresh = brokers > 0 ? new Result(true, null, System.nanoTime())
                    : new Result(false, "no broker in the cluster", System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fresh = new Result(false, "interrupted", System.nanoTime());
        } catch (Exception e) {
            fresh = new Result(false, "no broker answered within " + timeoutMillis + " ms", System.nanoTime());
        }
        last = fresh;
        return fresh;
    }

    @Override
    public void destroy() {
        admin.close(java.time.Duration.ofSeconds(1));
    }
}
