package dev.k6runner.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.k6runner.cli.Cli;
import dev.k6runner.testsupport.K6Standin;

/** The k6runner command line against the running cluster: every command and its exit statuses. */
class CliEndToEndTest {

    private static Pipeline pipeline;
    private static Map<String, String> environment;

    @TempDir
    Path scripts;

    @BeforeAll
    static void startPipeline() {
        pipeline = Pipeline.get();
        environment = Map.of("K6RUNNER_URL", "http://127.0.0.1:" + pipeline.gateway.port());
    }

    record Outcome(int exit, String out, String err) {
    }

    @Test
    void runWaitsAndExitsAsK6Would() throws IOException {
        Outcome passed = cli("run", script("basic-get"), "--name", "cli-e2e", "--tag", "via=cli", "--wait");
        assertThat(passed.exit()).as(passed.err()).isZero();
        assertThat(passed.out()).contains("completed").contains("p95");

        assertThat(cli("run", script("threshold-fail"), "--name", "cli-e2e-thresholds", "--wait").exit()).isEqualTo(99);
        Outcome broken = cli("run", script("syntax-error"), "--name", "cli-e2e-broken", "--wait");
        assertThat(broken.exit()).isEqualTo(107);
        assertThat(broken.out() + broken.err()).contains("SyntaxError");
    }

    @Test
    void statusCancelAndQueriesAnswerFromTheCluster() throws IOException {
        Outcome submitted = cli("run", script("sigint"), "--name", "cli-e2e-cancel");
        assertThat(submitted.exit()).isZero();
        String testId = submitted.out().strip().lines().reduce((first, second) -> second).orElseThrow().strip();
        await().atMost(Duration.ofSeconds(60)).until(() -> cli("status", testId, "--json").out().contains("\"running\""));

        assertThat(cli("cancel", testId).exit()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> cli("status", testId).exit() == 105);
        Outcome again = cli("cancel", testId);
        assertThat(again.exit()).as("a finished run cannot be cancelled: a problem answer").isEqualTo(3);
        assertThat(again.out() + again.err()).contains("409");

        assertThat(cli("history", "--limit", "5").exit()).isZero();
        Outcome search = cli("search", "--name", "cli-e2e-cancel", "--json");
        assertThat(search.exit()).isZero();
        assertThat(search.out()).contains(testId);
        assertThat(cli("stats", "--days", "1").exit()).isZero();
        assertThat(cli("health").exit()).as("one runner with k6 is alive: UP").isZero();
        assertThat(cli("run", script("basic-get"), "--vus", "999999").exit()).as("over the gateway's maximum: a problem answer").isEqualTo(3);
        assertThat(cli("run", script("basic-get"), "--vus", "-3").exit()).as("a usage error, caught before sending").isEqualTo(2);
    }

    private String script(String scenario) throws IOException {
        Path file = scripts.resolve(scenario + ".js");
        Files.writeString(file, K6Standin.scriptFor(scenario));
        return file.toString();
    }

    private static Outcome cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment);
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
