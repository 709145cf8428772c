package dev.k6runner.bench.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.k6runner.bench.client.GatewayClient;

/**
 * Several clients submitting at an even pace. A submission the gateway did not answer with a clear verdict
 * (no answer, 5xx) is retried with the same Idempotency-Key, as a careful client would, until a deadline.
 */
final class SoakClients {

    private static final Duration RETRY_FOR = Duration.ofSeconds(90);

    private final GatewayClient gateway;
    private final SoakSettings settings;
    private final List<Submission> submissions = Collections.synchronizedList(new ArrayList<>());

    SoakClients(GatewayClient gateway, SoakSettings settings) {
        this.gateway = gateway;
        this.settings = settings;
    }

    /** Submits everything; returns when the last submission has its verdict. */
    List<Submission> run() throws InterruptedException {
        long start = System.nanoTime();
        long spacingNanos = settings.submitWindow().toNanos() / settings.runs();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < settings.clients(); c++) {
                int client = c;
                clients.add(executor.submit(() -> client(client, start, spacingNanos)));
            }
            for (Future<?> client : clients) {
                try {
                    client.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a soak client failed", e.getCause());
                }
            }
        }
        return List.copyOf(submissions);
    }

    private void client(int client, long start, long spacingNanos) {
        for (int n = client; n < settings.runs(); n += settings.clients()) {
            long due = start + n * spacingNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                dev.k6runner.testsupport.process.Sleep.millis(wait / 1_000_000);
            }
            Scenario scenario = n < settings.longRuns() ? Scenario.LONG : Scenario.SHORT.get(n % Scenario.SHORT.size());
            submissions.add(submit("c" + client + "-" + n, scenario));
        }
    }

    private Submission submit(String token, Scenario scenario) {
        String body = GatewayClient.runRequest(scenario.script(token), scenario.testName(),
                scenario == Scenario.LONG ? Scenario.LONG_TIMEOUT : "2m", Map.of("soak", scenario.recording));
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        int attempts = 0;
        GatewayClient.Answer answer;
        do {
            attempts++;
            answer = gateway.submit(body, "soak-" + token, 0, Duration.ofSeconds(15));
            if (answer.status() != -1 && answer.status() < 500) {
                break;
            }
            dev.k6runner.testsupport.process.Sleep.millis(500);
        } while (System.nanoTime() < deadline);
        return new Submission(token, scenario, answer.status(), answer.text("test_id"), attempts);
    }
}
