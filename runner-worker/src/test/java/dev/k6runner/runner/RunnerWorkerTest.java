package dev.k6runner.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;

import org.apache.kafka.common.header.Header;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.k6runner.model.RunCancelRequested;
import dev.k6runner.model.RunFinished;
import dev.k6runner.model.Topic;
import dev.k6runner.model.RunStatus;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.runner.RunnerFixture.Request;
import dev.k6runner.testsupport.TestInfrastructure;

/** Every recorded k6 scenario through the whole runner: share group, claim, confined k6, stream, publish. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// closed while the shared broker still runs, so the runner's shutdown is not a fight with a vanished broker
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RunnerWorkerTest {

    static final Path ROOT = tempRoot();
    static final Path INVOCATIONS = ROOT.resolve("logs/k6-invocations.ndjson");

    /** scenario → {exit code, outcome} as real k6 ended it. */
    static final Map<String, Object[]> SCENARIOS = Map.ofEntries(
            Map.entry("basic-get", new Object[] {0, RunStatus.COMPLETED}),
            Map.entry("post-json", new Object[] {0, RunStatus.COMPLETED}),
            Map.entry("mixed-errors", new Object[] {0, RunStatus.COMPLETED}),
            Map.entry("threshold-fail", new Object[] {99, RunStatus.COMPLETED}),
            Map.entry("slow-responses", new Object[] {0, RunStatus.COMPLETED}),
            Map.entry("stages", new Object[] {0, RunStatus.COMPLETED}),
            Map.entry("auth-bearer", new Object[] {0, RunStatus.COMPLETED}),
            Map.entry("syntax-error", new Object[] {107, RunStatus.FAILED}),
            Map.entry("init-exception", new Object[] {107, RunStatus.FAILED}),
            Map.entry("iteration-exception", new Object[] {0, RunStatus.COMPLETED}),
            Map.entry("invalid-options", new Object[] {255, RunStatus.FAILED}),
            Map.entry("connection-refused", new Object[] {0, RunStatus.COMPLETED}),
            Map.entry("test-abort", new Object[] {108, RunStatus.FAILED}),
            Map.entry("handle-summary", new Object[] {0, RunStatus.COMPLETED}),
            Map.entry("no-requests", new Object[] {0, RunStatus.COMPLETED}),
            Map.entry("arrival-rate", new Object[] {0, RunStatus.COMPLETED}),
            Map.entry("groups-custom-metrics", new Object[] {0, RunStatus.COMPLETED}),
            Map.entry("cli-overrides-stages", new Object[] {0, RunStatus.COMPLETED}),
            Map.entry("cli-iterations", new Object[] {0, RunStatus.COMPLETED}),
            Map.entry("trend-stats-p99", new Object[] {0, RunStatus.COMPLETED}),
            Map.entry("process-env", new Object[] {0, RunStatus.COMPLETED}));

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
        RunnerTestSettings.register(registry, ROOT, INVOCATIONS, 2);
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EventCodec codec;
    @Autowired
    MeterRegistry meters;
    @Autowired
    RunnerProperties properties;
    @Autowired
    TransactionTemplate transactions;
    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    RunnerFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new RunnerFixture(jdbc, kafka, codec);
    }

    @Test
    void everyRecordedScenarioEndsAsRealK6DidAndIsPublished() throws Exception {
        Map<String, UUID> runs = new java.util.LinkedHashMap<>();
        for (String scenario : SCENARIOS.keySet()) {
            runs.put(scenario, fixture.submit(scenario, requestFor(scenario)));
        }
        for (Map.Entry<String, UUID> run : runs.entrySet()) {
            fixture.awaitStatus(run.getValue(), "analyzing", Duration.ofSeconds(150));
        }
        for (Map.Entry<String, UUID> run : runs.entrySet()) {
            assertRecordedEnding(run.getKey(), run.getValue());
        }
    }

    @Test
    void aRunWithAFilesBundleRunsAsTheMultiFileProjectDidWithRealK6() throws Exception {
        var files = new java.util.TreeMap<String, byte[]>();
        for (String file : List.of("lib/util.js", "data/users.csv", "data/config.json")) {
            files.put(file, StandinK6.recorded("multi-file", file).getBytes(StandardCharsets.UTF_8));
        }
        UUID id = bundled("multi-file", Request.of(StandinK6.recorded("multi-file", "script.js")), "files",
                dev.k6runner.platform.bundle.BundleTar.write(files));
        fixture.awaitStatus(id, "analyzing", Duration.ofSeconds(60));
        Map<String, Object> result = fixture.result(id).orElseThrow();
        assertThat(result.get("k6_exit_code")).as((String) result.get("console_output")).isEqualTo(0);
        assertThat(result.get("raw_summary")).isEqualTo(StandinK6.recorded("multi-file", "summary-export.json"));
    }

    @Test
    void aRunWithAK6ArchiveRunsAsK6RunArchiveTarWithTheRequestsOverrides() throws Exception {
        byte[] archive;
        // read as a stream: in `verify` the recordings come from the stand-in's jar, not a folder
        try (var recorded = getClass().getResourceAsStream("/k6-recordings/archive/archive.tar")) {
            archive = recorded.readAllBytes();
        }
        UUID id = bundled("archived", Request.of("// k6 archive\n").withOverrides(1, null, 3), "archive", archive);
        fixture.awaitStatus(id, "analyzing", Duration.ofSeconds(60));
        Map<String, Object> result = fixture.result(id).orElseThrow();
        assertThat(result.get("k6_exit_code")).as((String) result.get("console_output")).isEqualTo(0);
        assertThat(result.get("raw_summary")).as("the archive's run with --vus 1 --iterations 3")
                .isEqualTo(StandinK6.recorded("archive", "overrides-summary-export.json"));
    }

    /** A run stored as the gateway stores a bundled one: the bundle row, the run referencing it, then published. */
    private UUID bundled(String name, Request request, String kind, byte[] content) throws Exception {
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        jdbc.sql("INSERT INTO bundles (sha256, kind, content, bytes, files) VALUES (?, ?, ?, ?, '{}') ON CONFLICT DO NOTHING")
                .params(sha, kind, content, content.length).update();
        return fixture.submit(name, request.withBundle(sha));
    }

    private void assertRecordedEnding(String scenario, UUID id) {
        int exit = (Integer) SCENARIOS.get(scenario)[0];
        RunStatus outcome = (RunStatus) SCENARIOS.get(scenario)[1];
        Map<String, Object> result = fixture.result(id).orElseThrow();
        assertThat(result.get("k6_exit_code")).as(scenario).isEqualTo(exit);
        assertThat(result.get("outcome")).as(scenario).isEqualTo(outcome.wireName());
        String recordedSummary = StandinK6.recorded(scenario, "summary-export.json");
        assertThat(result.get("raw_summary")).as(scenario + ": k6's summary export, byte for byte").isEqualTo(recordedSummary);
        assertThat(fixture.run(id).get("k6_exit_code")).isEqualTo(exit);
        if (StandinK6.recorded(scenario, "metrics.ndjson") != null && recordedSummary != null) {
            assertThat((String) result.get("digest")).as(scenario + ": the folded stream").contains("\"pointsRead\"").doesNotContain("\"pointsRead\":0,");
        }
        String reason = (String) result.get("outcome_reason");
        switch (exit) {
            case 0 -> assertThat(reason).as(scenario).isNull();
            case 99 -> assertThat(reason).startsWith("thresholds failed: ").contains("http_req_duration: avg<1");
            case 107 -> assertThat(reason).matches("(?s)(SyntaxError|Error): .*\\(script exception\\)");
            case 255 -> assertThat(reason).startsWith("could not initialize 'script.js'").contains("invalid duration");
            case 108 -> assertThat(reason).startsWith("test aborted: aborted by script");
            default -> throw new AssertionError(exit);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !FinishedEvents.of(id).isEmpty());
        RunFinished event = FinishedEvents.of(id).getFirst();
        assertThat(event.outcome()).isEqualTo(outcome);
        assertThat(event.k6ExitCode()).isEqualTo(exit);
        assertThat(event.rawSummary()).isEqualTo(recordedSummary);
        assertThat(event.statusReason()).isEqualTo(reason);
        assertThat(event.consoleOutput()).isNotBlank();
        assertThat(event.attemptId()).isEqualTo(result.get("attempt_id"));
        Path kept = ROOT.resolve("results").resolve(id.toString());
        assertThat(kept.resolve("result.json")).content().contains("\"outcome\" : \"" + outcome.wireName() + "\"");
        assertThat(kept.resolve("console.log")).exists();
        assertThat(Files.exists(kept.resolve("summary-export.json"))).isEqualTo(recordedSummary != null);
        assertThat(ROOT.resolve("work").resolve(id.toString())).as("the working folder is removed").doesNotExist();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theTraceOfARunRequestGoesOnOnTheSlotThreadAndIntoRunFinished(CapturedOutput output) throws Exception {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        String submission = "00-" + traceId + "-b7ad6b7169203331-01";
        UUID id = fixture.store("traced", Request.of(StandinK6.scriptFor("basic-get")), submission);
        fixture.publishInTrace(id, "traced", submission);
        fixture.awaitStatus(id, "analyzing", Duration.ofSeconds(60));

        await().atMost(Duration.ofSeconds(30)).until(() -> !FinishedEvents.records(id).isEmpty());
        Header traceparent = FinishedEvents.records(id).getFirst().headers().lastHeader("traceparent");
        assertThat(traceparent).as("traceparent header of the RunFinished record").isNotNull();
        assertThat(new String(traceparent.value(), StandardCharsets.UTF_8)).matches("00-" + traceId + "-[0-9a-f]{16}-01");
        String correlation = "\\] \\[trace=" + traceId + " span=[0-9a-f]{16} run_id=" + id + "\\]";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getOut())
                .as("the claim, in the consumer span").containsPattern("run-intake" + correlation + ".*claimed run")
                .as("the result, on the slot thread").containsPattern("k6-slot-\\d+" + correlation + ".*result published"));
    }

    @Test
    void aCancelOnTheControlTopicStopsK6GracefullyAndKeepsItsPartialResults() throws Exception {
        UUID id = startLongRun("cancel-by-message");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            // a consumer that just joined reads from the latest offset: resend until the runner saw one
            kafka.send(Topic.Names.RUNS_CONTROL, id.toString(), codec.encode(new RunCancelRequested(id, "default", Instant.now())));
            return !"running".equals(fixture.status(id));
        });
        assertStopped(id, "sigterm", RunStatus.CANCELLED, "test run was aborted because k6 received a 'terminated' signal: cancelled by a user");
    }

    @Test
    void aCancelWhoseMessageWasLostArrivesThroughTheHeartbeat() throws Exception {
        UUID id = startLongRun("cancel-by-flag");
        jdbc.sql("UPDATE runs SET cancel_requested_at = now() WHERE id = :id").param("id", id).update();
        assertStopped(id, "sigterm", RunStatus.CANCELLED, "cancelled by a user");
    }

    @Test
    void theTimeLimitStopsK6AndKeepsItsPartialResults() throws Exception {
        // the limit counts from the claim: long enough for the inspect and the run to start on a loaded machine, so k6
        // has its signal handlers when the limit stops it (the recording runs 20 s at this speed)
        UUID id = fixture.submit("time-limit", Request.of(StandinK6.scriptFor("sigterm")).withTimeout(10));
        fixture.awaitStatus(id, "analyzing", Duration.ofSeconds(60));
        assertStopped(id, "sigterm", RunStatus.TIMED_OUT, "the run's time limit was reached");
    }

    @Test
    void nRunsOnFewerSlotsNeverExceedTheSlots() throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(fixture.submit("concurrency-" + i, Request.of(StandinK6.scriptFor("post-json"))));
        }
        AtomicInteger busyGauge = new AtomicInteger();
        AtomicInteger busyColumn = new AtomicInteger();
        AtomicInteger k6Processes = new AtomicInteger();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(25)).until(() -> {
            busyGauge.accumulateAndGet((int) meters.get("k6runner.runner.slots.busy").gauge().value(), Math::max);
            busyColumn.accumulateAndGet(jdbc.sql("SELECT busy FROM runners WHERE id = :id").param("id", properties.id())
                    .query(Integer.class).single(), Math::max);
            k6Processes.accumulateAndGet(standinProcesses(), Math::max);
            return ids.stream().allMatch(id -> "analyzing".equals(fixture.status(id)));
        });
        assertThat(busyGauge.get()).isEqualTo(2);
        assertThat(busyColumn.get()).isBetween(1, 2);
        assertThat(k6Processes.get()).isBetween(1, 2);
        assertThat(meters.get("k6runner.runner.slots").gauge().value()).isEqualTo(2.0);
        ids.forEach(id -> assertThat(commandsOf(id)).isIn(INSPECTED_THEN_RUN, RUN_FROM_CACHE));
    }

    @Test
    void theSameScriptEnvAndOverridesAreInspectedOnceAndAnyChangeIsInspectedAgain() throws Exception {
        String script = StandinK6.scriptFor("no-requests") + "\n// " + UUID.randomUUID() + "\n";
        UUID first = fixture.submit("cached", Request.of(script).withEnv(Map.of("TOKEN", "a")));
        fixture.awaitStatus(first, "analyzing", Duration.ofSeconds(60));
        UUID again = fixture.submit("cached", Request.of(script).withEnv(Map.of("TOKEN", "a")));
        fixture.awaitStatus(again, "analyzing", Duration.ofSeconds(60));
        UUID otherEnv = fixture.submit("cached", Request.of(script).withEnv(Map.of("TOKEN", "b")));
        fixture.awaitStatus(otherEnv, "analyzing", Duration.ofSeconds(60));
        UUID otherOverrides = fixture.submit("cached", Request.of(script).withEnv(Map.of("TOKEN", "a")).withOverrides(1, null, null));
        fixture.awaitStatus(otherOverrides, "analyzing", Duration.ofSeconds(60));
        assertThat(commandsOf(first)).isEqualTo(INSPECTED_THEN_RUN);
        assertThat(commandsOf(again)).as("k6's answer for the same inputs is known").isEqualTo(RUN_FROM_CACHE);
        assertThat(commandsOf(otherEnv)).isEqualTo(INSPECTED_THEN_RUN);
        assertThat(commandsOf(otherOverrides)).isEqualTo(INSPECTED_THEN_RUN);
    }

    @Test
    void aDuplicateDeliveryNeverStartsASecondK6() throws Exception {
        UUID id = fixture.store("duplicate", Request.of(StandinK6.scriptFor("post-json")));
        fixture.publish(id, "duplicate");
        fixture.publish(id, "duplicate");
        fixture.awaitStatus(id, "analyzing", Duration.ofSeconds(60));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> commandsOf(id).equals(INSPECTED_THEN_RUN) || commandsOf(id).equals(RUN_FROM_CACHE));
        assertThat(fixture.result(id)).isPresent();
        assertThat(FinishedEvents.of(id)).hasSize(1);
    }

    @Test
    void aLateResultOfAnAttemptWhoseLeaseExpiredIsRefused() throws Exception {
        double refusedBefore = meters.get("k6runner.results.refused").counter().count();
        UUID id = startLongRun("lease-lost");
        // the gateway's reaper, on a lease that expired: running -> interrupted, in one transaction
        transactions.executeWithoutResult(status -> {
            jdbc.sql("UPDATE runs SET lease_expires_at = now() - interval '1 second' WHERE id = :id").param("id", id).update();
            assertThat(jdbc.sql("""
                            UPDATE runs SET status = 'interrupted', status_reason = 'runner lost its lease', finished_at = now()
                            WHERE status = 'running' AND lease_expires_at < now() AND id = :id""").param("id", id).update()).isEqualTo(1);
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> meters.get("k6runner.results.refused").counter().count() == refusedBefore + 1);
        assertThat(fixture.status(id)).isEqualTo("interrupted");
        assertThat(fixture.result(id)).as("nothing stored for the dead attempt").isEmpty();
        assertThat(FinishedEvents.of(id)).as("nothing published for the dead attempt").isEmpty();
        assertThat(ROOT.resolve("results").resolve(id.toString()).resolve("result.json")).content().contains("refused");
        assertThat(jdbc.sql("SELECT run_status FROM orphan_results WHERE run_id = :id").param("id", id).query(String.class).single())
                .as("the late result is kept for the operator, not dropped").isEqualTo("interrupted");
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.get("k6runner.runner.slots.busy").gauge().value() == 0);
    }

    @Test
    void k6GetsTheRunsEnvInItsCleanEnvironmentNotOnItsCommandLineAndTheLockedDownFlags() throws Exception {
        UUID id = fixture.submit("hostile", Request.of(StandinK6.scriptFor("auth-bearer"))
                .withEnv(Map.of("TOKEN", "secret-token", "K6_OUT", "json=/tmp/stolen", "LD_PRELOAD", "/tmp/x.so", "http_proxy", "http://x"))
                .withTags(Map.of("team", "payments")));
        fixture.awaitStatus(id, "analyzing", Duration.ofSeconds(60));
        assertThat(commandsOf(id)).isIn(INSPECTED_THEN_RUN, RUN_FROM_CACHE);
        Path folder = ROOT.resolve("work").resolve(id.toString()).toAbsolutePath();
        for (Map<String, Object> invocation : invocationsOf(id)) {
            @SuppressWarnings("unchecked")
            Map<String, String> env = (Map<String, String>) invocation.get("env");
            assertThat(env).as("the run's env minus the reserved names, plus the runner's three")
                    .containsEntry("TOKEN", "secret-token").containsEntry("HOME", folder.toString())
                    .containsEntry("TMPDIR", folder.toString()).containsEntry("PATH", "/usr/local/bin:/usr/bin:/bin");
            assertThat(env.keySet()).isSubsetOf("PATH", "HOME", "TMPDIR", "TOKEN", "PWD");
            assertThat(env.values()).noneMatch(value -> value.contains(dev.k6runner.testsupport.SharedPostgres.password()));
            assertThat(invocation.get("cwd")).isEqualTo(folder.toString());
            assertThat(StandinK6.args(invocation)).contains("--include-system-env-vars=true", "script.js")
                    .noneMatch(arg -> arg.contains("secret-token"));
        }
        List<String> args = StandinK6.args(invocationsOf(id).getLast());
        assertThat(args).contains("--address=", "--no-usage-report", "--no-color",
                "--summary-trend-stats=avg,min,med,max,p(90),p(95),p(99),count", "team=payments",
                "--blacklist-ip").doesNotContain("-e");
        assertThat(blacklisted(args)).as("cluster mode: loopback, private, CGNAT, link-local (metadata within) and ULA")
                .contains("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16",
                        "fc00::/7", "fe80::/10");
        assertThat(fixture.result(id).orElseThrow().get("outcome")).isEqualTo("completed");
    }

    private static List<String> blacklisted(List<String> args) {
        List<String> cidrs = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("--blacklist-ip")) {
                cidrs.add(args.get(i + 1));
            }
        }
        return cidrs;
    }

    @Test
    void theRegistryHealthAndMetricsDescribeTheRunner() throws Exception {
        UUID id = fixture.submit("observed", Request.of(StandinK6.scriptFor("no-requests")));
        fixture.awaitStatus(id, "analyzing", Duration.ofSeconds(60));
        Map<String, Object> row = jdbc.sql("SELECT * FROM runners WHERE id = :id").param("id", properties.id()).query().singleRow();
        assertThat(row).containsEntry("k6_version", "v0.49.0").containsEntry("k6_available", true).containsEntry("capacity", 2);
        assertThat((String) row.get("confinement")).matches("(bubblewrap|separate-user): .*|none: .*");
        assertThat(fixture.run(id).get("runner_id")).isEqualTo(properties.id());
        // actuator answers on the management port alone; the runner's API port has nothing to say
        assertThat(status(port, "/actuator/health")).isEqualTo(404);
        assertThat(status(port, "/actuator/prometheus")).isEqualTo(404);
        String health = http("/actuator/health");
        assertThat(health).contains("\"runner\"", "\"available\":true", "\"version\":\"v0.49.0\"", "\"slots\":2");
        String prometheus = http("/actuator/prometheus");
        assertThat(prometheus).contains("k6runner_runs_started_total{", "team=\"default\"", "k6runner_k6_exits_total{",
                "code=\"0\"", "outcome=\"completed\"", "k6runner_run_duration_seconds_bucket", "k6runner_run_start_delay_seconds",
                "k6runner_runner_slots{", "k6runner_runner_slots_busy{", "k6runner_runs_released_total", "k6runner_results_refused_total",
                "k6runner_orphan_results_total", "k6runner_stream_points_total", "k6runner_stream_fold_cpu_seconds_total",
                "application=\"runner-worker\"", "k6runner_loop_restarts_total{", "loop=\"intake\"", "loop=\"cancel\"",
                "k6runner_runner_quarantined{");
        // the run's stream was folded: its points and the fold thread's CPU time are counted
        assertThat(sample(prometheus, "k6runner_stream_points_total")).isPositive();
        assertThat(sample(prometheus, "k6runner_stream_fold_cpu_seconds_total")).isPositive();
        assertThat(health).contains("\"loops\":{\"cancel\":\"RUNNING\",\"intake\":\"RUNNING\"}");
    }

    private static double sample(String prometheus, String name) {
        Matcher line = Pattern.compile("(?m)^" + name + "\\{[^}]*} (\\S+)$").matcher(prometheus);
        assertThat(line.find()).as("%s in %s", name, prometheus).isTrue();
        return Double.parseDouble(line.group(1));
    }

    private String http(String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private static int status(int port, String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    /** A run of the 'sigterm' recording (60 s unless stopped), once k6 is streaming points. */
    private UUID startLongRun(String name) throws Exception {
        UUID id = fixture.submit(name, Request.of(StandinK6.scriptFor("sigterm")));
        fixture.awaitStatus(id, "running", Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.requestsSoFar(id) > 0);
        return id;
    }

    private void assertStopped(UUID id, String scenario, RunStatus outcome, String reasonPart) {
        fixture.awaitStatus(id, "analyzing", Duration.ofSeconds(60));
        Map<String, Object> result = fixture.result(id).orElseThrow();
        assertThat(result.get("outcome")).isEqualTo(outcome.wireName());
        assertThat(result.get("k6_exit_code")).isEqualTo(105);
        assertThat((String) result.get("outcome_reason")).contains(reasonPart);
        assertThat(result.get("raw_summary")).as("partial results kept").isEqualTo(StandinK6.recorded(scenario, "summary-export.json"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !FinishedEvents.of(id).isEmpty());
        RunFinished event = FinishedEvents.of(id).getFirst();
        assertThat(event.outcome()).isEqualTo(outcome);
        assertThat(event.rawSummary()).isNotBlank();
        assertThat(event.digest()).isNotNull();
    }

    private static int standinProcesses() {
        return (int) ProcessHandle.current().descendants()
                .filter(process -> process.info().arguments().map(args -> List.of(args).contains(dev.k6runner.standin.Main.class.getName()))
                        .orElse(false))
                .count();
    }

    static Request requestFor(String scenario) {
        Request request = Request.of(StandinK6.scriptFor(scenario));
        return switch (scenario) {
            case "auth-bearer", "process-env" -> request.withEnv(Map.of("TOKEN", "secret-token"));
            case "cli-overrides-stages" -> request.withOverrides(2, "2s", null);
            case "cli-iterations" -> request.withOverrides(null, null, 7);
            default -> request;
        };
    }

    /** A run's k6 commands: inspect, then run; or run alone when the same inputs were inspected before. */
    static final List<String> INSPECTED_THEN_RUN = List.of("inspect", "run");
    static final List<String> RUN_FROM_CACHE = List.of("run");

    static List<String> commandsOf(UUID id) {
        return StandinK6.commands(INVOCATIONS, id);
    }

    static List<Map<String, Object>> invocationsOf(UUID id) {
        return StandinK6.invocations(INVOCATIONS, id);
    }

    static Path tempRoot() {
        try {
            return Files.createTempDirectory("runner-worker-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
