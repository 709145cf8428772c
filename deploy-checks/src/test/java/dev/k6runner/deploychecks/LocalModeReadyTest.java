package dev.k6runner.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * scripts/lib/ready.sh, how run-local.sh waits for the gateway, against a real HTTP server answering as the gateway
 * does: in api-key mode its API's health wants a key that nobody has yet, so the wait reads the management port's
 * readiness (before, it polled the API's 401 for its whole 120 s and then said "health: unknown").
 */
class LocalModeReadyTest {

    private static final String UNAUTHORIZED = """
            {"type":"https://k6runner.dev/problems/unauthorized","title":"Unauthorized","status":401}""";

    private static final String DEGRADED = """
            {"status":"DEGRADED","database":{"status":"UP","error":null},"k6":{"available":false,"versions":[]}}""";

    private HttpServer gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop(0);
        }
    }

    @Test
    void inApiKeyModeTheWaitReadsTheReadinessThatWantsNoKey() throws Exception {
        serve(401, UNAUTHORIZED);

        Result apiKey = awaitHealth("api-key", 20, "$$");
        assertThat(apiKey.status()).isZero();
        assertThat(apiKey.output()).isEqualTo("UP");

        Result apiHealth = awaitHealth("none", 2, "$$");
        assertThat(apiHealth.output()).as("the API's health without a key gives no status").isEmpty();
    }

    @Test
    void withoutKeysTheApiHealthIsReadAndALastingDegradedCounts() throws Exception {
        serve(200, DEGRADED);

        Result none = awaitHealth("none", 20, "$$");
        assertThat(none.status()).isZero();
        assertThat(none.output()).isEqualTo("DEGRADED");
    }

    /** Until a runner's first heartbeat the gateway says DEGRADED: the wait goes on for the UP that follows. */
    @Test
    void aDegradedThatTurnsUpIsWaitedOut() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        serve(200, () -> polls.incrementAndGet() <= 2 ? DEGRADED : "{\"status\":\"UP\"}");

        Result none = awaitHealth("none", 20, "$$");
        assertThat(none.output()).isEqualTo("UP");
        assertThat(polls.get()).isEqualTo(3);
    }

    @Test
    void aServiceThatEndedDuringTheStartEndsTheWaitWithAFailingStatus() throws Exception {
        serve(503, "{}");
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();

        // 600 attempts would take 300 s: only the ended pid can end the wait within the bound below
        Result result = awaitHealth("none", 600, Long.toString(ended.pid()));
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.output()).isEmpty();
    }

    @Test
    void onlyThePortsSomethingListensOnAreNamedBusy() throws Exception {
        int closed;
        try (ServerSocket gone = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closed = gone.getLocalPort();
        }
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Result busy = bash(". \"%s\"; k6runner_busy_ports %d %d".formatted(Repo.path("scripts/lib/ready.sh"), closed,
                    listening.getLocalPort()));
            assertThat(busy.output()).isEqualTo(Integer.toString(listening.getLocalPort()));
        }
    }

    private void serve(int apiStatus, String apiBody) throws IOException {
        serve(apiStatus, () -> apiBody);
    }

    /** The gateway: its API's health answers {@code apiStatus} with each poll's body; the management readiness says UP. */
    private void serve(int apiStatus, Supplier<String> apiBody) throws IOException {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/api/v1/test/health", exchange -> answer(exchange, apiStatus, apiBody.get()));
        gateway.createContext("/actuator/health/readiness", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        gateway.start();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private record Result(int status, String output) {
    }

    /** Sources ready.sh as run-local.sh does and waits with the URL its auth mode picks (API and management on one port). */
    private Result awaitHealth(String authMode, int attempts, String pid) throws Exception {
        int port = gateway.getAddress().getPort();
        // DEGRADED counts after 4 polls here (40 in run-local.sh), so the tests stay short
        String script = """
                READY_DEGRADED_ATTEMPTS=4
                . "%s"
                url="$(k6runner_health_url %s %d %d)"
                k6runner_await_health "$url" %d %s
                """.formatted(Repo.path("scripts/lib/ready.sh"), authMode, port, port, attempts, pid);
        return bash(script);
    }

    private static Result bash(String script) throws Exception {
        Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(bash.exitValue(), output);
    }
}
