package dev.k6runner.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.k6runner.model.LiveThresholds;
import dev.k6runner.model.RunSpec;
import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.claim.ClaimedRun.TeamPolicy;
import dev.k6runner.testsupport.K6Standin;

/** What k6 says a test needs (inspect's JSON, run's banner, as recorded from real k6), and the limits it meets. */
class LimitsFromTheScriptTest {

    private static final RunnerProperties.Limits SERVER = new RunnerProperties.Limits(1000, "24h");
    /** The digest's tags (runner/stream StreamTags) in k6's order: what a test without selectors gets. */
    private static final String DIGEST_TAGS = "status,method,name,group,check,scenario,expected_response";

    @Test
    void inspectsExecutionRequirementsAreReadAsRealK6PrintedThem() {
        ExecutionRequirements scenarios = ExecutionRequirements.fromInspect(recorded("inspect-scenarios", "stdout.txt"));
        assertThat(scenarios).isEqualTo(new ExecutionRequirements(5800, Duration.ofMinutes(2), "2m0s", DIGEST_TAGS, List.of()));
        assertThat(ExecutionRequirements.fromInspect(recorded("inspect-scenarios", "env-overrides-stdout.txt")))
                .isEqualTo(new ExecutionRequirements(2, Duration.ofSeconds(40), "40s", DIGEST_TAGS, List.of()));
        assertThat(ExecutionRequirements.fromInspect(recorded("inspect", "stdout-execution-requirements.txt")))
                .isEqualTo(new ExecutionRequirements(2, Duration.ofSeconds(630), "10m30s", DIGEST_TAGS, List.of()));
    }

    @Test
    void theRunnersSystemTagsKeepEveryTagAThresholdSelectsAndAScriptsOwnChoice() {
        String inspected = recorded("inspect-scenarios", "stdout.txt");
        String selecting = inspected.replace("\"thresholds\": null",
                "\"thresholds\": {\"http_req_duration{url:http://x/,error_code:1211}\": [\"p(95)<500\"]}");
        assertThat(selecting).isNotEqualTo(inspected);
        assertThat(ExecutionRequirements.fromInspect(selecting).systemTags())
                .isEqualTo("status,method,url,name,group,check,error_code,scenario,expected_response");
        // real k6 v0.49 by hand: a script with systemTags: ['method', 'url'] is inspected with exactly those
        String ownChoice = inspected.replaceAll("(?s)\"systemTags\": \\[.*?]", "\"systemTags\": [\"method\", \"url\"]");
        assertThat(ownChoice).isNotEqualTo(inspected);
        assertThat(ExecutionRequirements.fromInspect(ownChoice).systemTags()).as("k6's own choice stays").isNull();
        assertThat(ExecutionRequirements.fromInspect("{\"maxVUs\": 2, \"totalDuration\": \"40s\"}").systemTags())
                .as("a document without the options (not real k6's) leaves k6's default").isNull();
    }

    /** The thresholds exactly as real k6 v0.49's inspect printed them by hand for a script with abortOnFail. */
    @Test
    void thresholdsWithAbortOnFailAreReadWithTheirDelay() {
        String inspected = recorded("inspect-scenarios", "stdout.txt").replace("\"thresholds\": null", """
                "thresholds": {"http_req_duration": ["p(95)<500"], "iterations": [{"threshold": "count<30",
                  "abortOnFail": true, "delayAbortEval": "1s"}], "http_req_duration{name:checkout}": [
                  {"threshold": "p(99)<900", "abortOnFail": true}, "avg<300"]}""");

        assertThat(ExecutionRequirements.fromInspect(inspected).abortOnFail()).containsExactly(
                new LiveThresholds.AbortOnFail("iterations", "count<30", 1.0),
                new LiveThresholds.AbortOnFail("http_req_duration{name:checkout}", "p(99)<900", 0.0));
        assertThat(ExecutionRequirements.fromInspect(recorded("inspect-scenarios", "stdout.txt")).abortOnFail()).isEmpty();
    }

    @Test
    void anythingButInspectsDocumentIsRefusedNotGuessed() {
        assertThatThrownBy(() -> ExecutionRequirements.fromInspect(recorded("inspect", "stdout.txt")))
                .hasMessageStartingWith("k6 inspect printed no maxVUs and totalDuration");
        assertThatThrownBy(() -> ExecutionRequirements.fromInspect("level=error msg=boom"))
                .hasMessageStartingWith("k6 inspect printed no JSON document");
        assertThatThrownBy(() -> ExecutionRequirements.fromInspect("{\"maxVUs\": \"5800\", \"totalDuration\": \"2m0s\"}"))
                .hasMessageStartingWith("k6 inspect printed no maxVUs");
        assertThatThrownBy(() -> ExecutionRequirements.fromInspect("{\"maxVUs\": 1.5, \"totalDuration\": \"forever\"}"))
                .hasMessageStartingWith("k6 inspect printed no maxVUs");
    }

    @Test
    void theRunBannerOfEveryRecordedRunIsReadAndNoOtherLineIs() {
        Map<String, ExecutionRequirements> known = Map.of(
                "basic-get", new ExecutionRequirements(5, Duration.ofSeconds(33), "33s"),
                "sigint", new ExecutionRequirements(3, Duration.ofSeconds(90), "1m30s"),
                "process-env", new ExecutionRequirements(1, Duration.ofSeconds(630), "10m30s"),
                "cli-overrides-stages", new ExecutionRequirements(2, Duration.ofSeconds(32), "32s"));
        int runs = 0;
        for (String scenario : K6Standin.scenarios()) {
            String stdout = recorded(scenario, "stdout.txt");
            String command = recorded(scenario, "command.txt");
            if (stdout == null || command == null || !command.contains("k6 run")) {
                continue;
            }
            List<ExecutionRequirements> banners = stdout.lines().map(ExecutionRequirements::fromBanner).flatMap(Optional::stream).toList();
            boolean started = stdout.contains("scenarios: (");
            assertThat(banners).as(scenario).hasSize(started ? 1 : 0);
            if (known.containsKey(scenario)) {
                assertThat(banners).as(scenario).containsExactly(known.get(scenario));
            }
            runs++;
        }
        assertThat(runs).isGreaterThanOrEqualTo(23);
    }

    @Test
    void theTeamsLimitNamesItselfAndTheAskedValue() {
        ExecutionRequirements scenarios = new ExecutionRequirements(5800, Duration.ofMinutes(2), "2m0s");
        assertThat(LimitCheck.of(SERVER, new TeamPolicy(1000, null, List.of())).exceeded(scenarios))
                .contains("the test needs 5800 VUs; the team's limit (max_vus) is 1000");
        assertThat(LimitCheck.of(SERVER, TeamPolicy.NONE).exceeded(scenarios))
                .contains("the test needs 5800 VUs; the server's limit (k6runner.runner.limits.max-vus) is 1000");
        assertThat(LimitCheck.of(SERVER, new TeamPolicy(5000, null, List.of())).exceeded(scenarios))
                .as("a team's limit above the server's does not widen it")
                .contains("the test needs 5800 VUs; the server's limit (k6runner.runner.limits.max-vus) is 1000");
        assertThat(LimitCheck.of(SERVER, new TeamPolicy(6000, 60L, List.of())).exceeded(scenarios)).isPresent();
        assertThat(LimitCheck.of(new RunnerProperties.Limits(10_000, "24h"), new TeamPolicy(6000, 60L, List.of())).exceeded(scenarios))
                .contains("the test needs 2m0s (graceful stops included); the team's limit (max_duration) is 1m");
        assertThat(LimitCheck.of(new RunnerProperties.Limits(10_000, "90s"), null).exceeded(scenarios))
                .contains("the test needs 2m0s (graceful stops included); the server's limit (k6runner.runner.limits.max-duration) is 1m30s");
        assertThat(LimitCheck.of(new RunnerProperties.Limits(10_000, "24h"), new TeamPolicy(5800, 120L, List.of()))
                .exceeded(scenarios)).as("exactly at the limits").isEmpty();
        assertThat(LimitCheck.of(new RunnerProperties.Limits(5800, "2m"), null).exceeded(scenarios)).isEmpty();
    }

    @Test
    void theRunsEnvironmentIsTheRunnersThreePlusTheRunsEnvWithoutReservedNames() {
        Map<String, String> requested = Map.ofEntries(Map.entry("TOKEN", "secret"), Map.entry("BASE_URL", "http://shop"),
                Map.entry("K6_OUT", "json=/tmp/x"), Map.entry("K6_VUS", "9999"), Map.entry("LD_PRELOAD", "/tmp/x.so"),
                Map.entry("GODEBUG", "x=1"), Map.entry("GOMAXPROCS", "64"), Map.entry("http_proxy", "http://evil"),
                Map.entry("Https_Proxy", "http://evil"), Map.entry("NO_PROXY", "*"), Map.entry("all_proxy", "x"),
                Map.entry("SSL_CERT_FILE", "/tmp/ca"), Map.entry("SSL_CERT_DIR", "/tmp"), Map.entry("PATH", "/tmp"),
                Map.entry("HOME", "/root"), Map.entry("TMPDIR", "/"), Map.entry("A=B", "x"), Map.entry("GCONV_PATH", "/tmp"),
                Map.entry("GLIBC_TUNABLES", "glibc.malloc.check=3"), Map.entry("LOCPATH", "/tmp"), Map.entry("NLSPATH", "/tmp/%N"));
        Path folder = Path.of("/work/run-1");
        Map<String, String> env = RunEnvironment.forRun(folder, requested);
        assertThat(env).containsOnlyKeys("PATH", "HOME", "TMPDIR", "TOKEN", "BASE_URL")
                .containsEntry("HOME", "/work/run-1").containsEntry("TMPDIR", "/work/run-1")
                .containsEntry("PATH", "/usr/local/bin:/usr/bin:/bin").containsEntry("TOKEN", "secret");
        RunSpec spec = new RunSpec("s", "n", 2, "10s", 7, requested, Map.of(), 60);
        assertThat(RunEnvironment.forInspect(env, spec)).containsAllEntriesOf(env)
                .containsEntry("K6_VUS", "2").containsEntry("K6_DURATION", "10s").containsEntry("K6_ITERATIONS", "7").hasSize(8);
        assertThat(RunEnvironment.forInspect(env, new RunSpec("s", "n", null, " ", null, Map.of(), Map.of(), 60))).isEqualTo(env);
    }

    private static String recorded(String scenario, String file) {
        byte[] bytes = K6Standin.recorded(scenario, file);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
