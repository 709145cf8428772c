package dev.k6runner.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/run-local.sh: every service gets a management port of its own, k6 the local egress mode, the gateway the caller's auth mode. */
class LocalModeTest {

    private final String script = Repo.read("scripts/run-local.sh");

    @Test
    void everyServiceStartsWithAManagementPortOnLoopback() {
        for (String module : ServiceConfig.MODULES) {
            String start = startCommand(module);
            assertThat(start).as(module).contains("MANAGEMENT_PORT=").contains("SERVER_ADDRESS=127.0.0.1");
        }
    }

    /** API and management ports of the gateway, the analyzer and up to nine runners, and the local cluster's. */
    @Test
    void localModesPortsCollideWithNothing() {
        List<Integer> ports = new ArrayList<>(List.of(value("GATEWAY_PORT=\"\\$\\{K6RUNNER_GATEWAY_PORT:-(\\d+)}\""),
                value("ANALYZER_PORT=(\\d+)"), value("ANALYZER_MANAGEMENT_PORT=(\\d+)")));
        ports.add(ports.getFirst() + value("GATEWAY_MANAGEMENT_PORT=\\$\\(\\(GATEWAY_PORT \\+ (\\d+)\\)\\)"));
        int runnerApi = value("(?<!_)PORT=\\$\\(\\((\\d+) \\+ 10 \\* n \\+ 1\\)\\)");
        int runnerManagement = value("MANAGEMENT_PORT=\\$\\(\\((\\d+) \\+ 10 \\* n \\+ 1\\)\\)");
        for (int n = 1; n <= 9; n++) {
            ports.add(runnerApi + 10 * n + 1);
            ports.add(runnerManagement + 10 * n + 1);
        }
        assertThat(ports).doesNotHaveDuplicates().doesNotContain(15432, 19092);
    }

    /** One person's machine testing their own services: loopback stays open to k6 unless they ask otherwise. */
    @Test
    void k6sEgressIsLocalModeByDefault() {
        assertThat(startCommand("runner-worker")).contains("K6RUNNER_RUNNER_EGRESS_MODE=\"${K6RUNNER_RUNNER_EGRESS_MODE:-local}\"");
        assertThat(ServiceConfig.load("runner-worker").reads("K6RUNNER_RUNNER_EGRESS_MODE")).isTrue();
    }

    /**
     * The contract's "K6RUNNER_AUTH_MODE=api-key scripts/run-local.sh" gives teams and keys: the gateway's auth mode
     * comes from it (a fixed K6RUNNER_GATEWAY_AUTH_MODE=none would outrank it and make every caller team default).
     */
    @Test
    void theGatewaysAuthModeIsTheCallersChoice() {
        assertThat(script).contains("AUTH_MODE=\"${K6RUNNER_AUTH_MODE:-none}\"");
        assertThat(startCommand("api-gateway")).contains("K6RUNNER_GATEWAY_AUTH_MODE=\"$AUTH_MODE\"")
                .doesNotContain("K6RUNNER_GATEWAY_AUTH_MODE=none");
    }

    /**
     * A wrong mode is refused before anything is built or started, with a failing status: the script's exit trap
     * (which stops the services) keeps the status of a die instead of answering 0 to whoever started it.
     */
    @Test
    void aWrongAuthModeFailsAtOnceWithAFailingStatus(@TempDir Path data) throws Exception {
        String output = runLocalFailing(Map.of("K6RUNNER_AUTH_MODE", "api_key", "K6RUNNER_DATA_DIR", data.toString()));
        assertThat(output).contains("K6RUNNER_AUTH_MODE must be none or api-key, not 'api_key'")
                .doesNotContain("JDK:", "building", "started ");
        assertThat(data).isEmptyDirectory();
    }

    /** A second local mode, or anything else on one of its ports: named at once, before a build or a start. */
    @Test
    void aTakenPortIsNamedBeforeAnythingIsBuiltOrStarted(@TempDir Path data) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String output = runLocalFailing(Map.of("K6RUNNER_GATEWAY_PORT", Integer.toString(taken.getLocalPort()),
                    "K6RUNNER_DATA_DIR", data.toString()));
            assertThat(output).containsPattern("port\\(s\\) ([0-9 ]+ )?" + taken.getLocalPort() + "\\b[0-9 ]* on 127.0.0.1 already taken")
                    .contains("is another scripts/run-local.sh running?").doesNotContain("JDK:", "building", "started ");
            assertThat(data).isEmptyDirectory();
        }
    }

    /** Runs scripts/run-local.sh with these variables added, expects it to end at once with status 1: its output. */
    private static String runLocalFailing(Map<String, String> environment) throws Exception {
        ProcessBuilder run = new ProcessBuilder(Repo.path("scripts/run-local.sh").toString()).redirectErrorStream(true);
        run.environment().putAll(environment);
        Process script = run.start();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(script.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(script.exitValue()).as(output).isEqualTo(1);
        return output;
    }

    private String startCommand(String module) {
        Matcher matcher = Pattern.compile("start \"?" + module + "(?:[^\\n]*\\\\\\n)*[^\\n]*").matcher(script);
        assertThat(matcher.find()).as("run-local.sh starts " + module).isTrue();
        return matcher.group();
    }

    private int value(String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(script);
        assertThat(matcher.find()).as(regex).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
