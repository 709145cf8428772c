package dev.k6runner.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.k6runner.testsupport.K6Standin;
import dev.k6runner.testsupport.process.Repository;
import dev.k6runner.testsupport.process.ServiceProcess;

/**
 * Every service's /actuator/prometheus moves during a run, the dashboard asks only for metrics that exist, a
 * caller's trace reaches every service's log lines about its run, and actuator and the analyzer's operators'
 * endpoint are on each service's management port, never on its API port.
 */
class ObservabilityEndToEndTest {

    private static final Pattern METRIC = Pattern.compile("\\b(k6runner_[a-z0-9_]+)");
    private static Pipeline pipeline;
    private static GatewayClient client;

    @BeforeAll
    static void startPipeline() {
        pipeline = Pipeline.get();
        client = new GatewayClient(pipeline.gateway);
    }

    @Test
    void eachServicesCountersMoveDuringARun() throws Exception {
        double submitted = sum(pipeline.gateway, "k6runner_runs_submitted_total");
        double started = sum(runner(), "k6runner_runs_started_total");
        double finished = sum(pipeline.analyzer, "k6runner_runs_finished_total");

        String testId = client.submit(Map.of("script", K6Standin.scriptFor("post-json"), "name", "e2e-metrics"))
                .body().path("test_id").asString();
        client.awaitTerminal(testId, Duration.ofSeconds(90));

        assertThat(sum(pipeline.gateway, "k6runner_runs_submitted_total")).isGreaterThan(submitted);
        assertThat(sum(runner(), "k6runner_runs_started_total")).isGreaterThan(started);
        // the analyzer counts a run after committing it, so a poll can see it ended a moment before
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(sum(pipeline.analyzer, "k6runner_runs_finished_total")).isGreaterThan(finished);
            assertThat(scrape(pipeline.analyzer)).contains("k6runner_test_p95_milliseconds{").contains("test=\"e2e-metrics\"");
        });
    }

    @Test
    void theDashboardAndTheCatalogueNameOnlyMetricsTheServicesExport() throws Exception {
        String submittedId = client.submit(Map.of("script", K6Standin.scriptFor("basic-get"), "name", "e2e-dashboard"))
                .body().path("test_id").asString();
        client.awaitTerminal(submittedId, Duration.ofSeconds(90));
        String exported = scrape(pipeline.gateway) + scrape(runner()) + scrape(pipeline.analyzer);
        Set<String> exportedNames = names(exported);

        Path root = Repository.root();
        Set<String> wanted = names(Files.readString(root.resolve("deploy/grafana/dashboards/k6-runner.json")));
        wanted.addAll(names(Files.readString(root.resolve("deploy/metrics-catalog.txt"))));
        Set<String> missing = new TreeSet<>();
        for (String name : wanted) {
            if (!exportedNames.contains(name) && !exportedNames.contains(name.replaceAll("_(bucket|count|sum|max)$", ""))) {
                missing.add(name);
            }
        }
        assertThat(missing).as("metrics named by the dashboard or the catalogue but exported by no service").isEmpty();
    }

    @Test
    void aCallersTraceGoesOnThroughTheGatewayTheRunnerAndTheAnalyzer() {
        String traceId = "5e1f6a0c2b7d4e8f9a0b1c2d3e4f5a6b";
        String testId = client.submit(Map.of("script", K6Standin.scriptFor("basic-get"), "name", "e2e-trace"),
                "traceparent", "00-" + traceId + "-a1b2c3d4e5f60718-01").body().path("test_id").asString();
        client.awaitTerminal(testId, Duration.ofSeconds(90));

        Pattern traced = Pattern.compile("\\[trace=" + traceId + " span=[0-9a-f]{16} run_id=" + testId + "\\]");
        await("the trace in every service's log lines of the run").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(pipeline.gateway.output()).as("gateway").containsPattern(traced.pattern() + ".*run accepted");
            assertThat(pipeline.runners.stream().map(ServiceProcess::output).collect(Collectors.joining()))
                    .as("runner").containsPattern(traced.pattern() + ".*claimed run")
                    .containsPattern(traced.pattern() + ".*result published");
            assertThat(pipeline.analyzer.output()).as("analyzer").containsPattern(traced.pattern() + ".*run finished as");
        });
    }

    @Test
    void actuatorAndOperatorsEndpointsAnswerOnTheManagementPortsAlone() {
        for (ServiceProcess service : java.util.List.of(pipeline.gateway, runner(), pipeline.analyzer)) {
            assertThat(service.managementPort()).isNotEqualTo(service.port());
            for (String path : java.util.List.of("/actuator", "/actuator/health", "/actuator/health/readiness", "/actuator/prometheus")) {
                assertThat(service.status(path)).as(service.name() + " API port " + path).isEqualTo(404);
                assertThat(service.status(service.managementUrl(path))).as(service.name() + " management port " + path).isEqualTo(200);
            }
            assertThat(service.status("/internal/runs/" + java.util.UUID.randomUUID() + "/reanalyze")).as(service.name()).isEqualTo(404);
        }
    }

    private static ServiceProcess runner() {
        return pipeline.runners.getLast();
    }

    private static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String scrape(ServiceProcess service) {
        return java.util.Objects.requireNonNull(service.management("/actuator/prometheus"), () -> service.name() + " did not answer the scrape");
    }

    private static double sum(ServiceProcess service, String metric) {
        double total = 0;
        for (String line : scrape(service).split("\n")) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
