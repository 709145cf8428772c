package dev.k6runner.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/lib/supervise.sh, which keeps run-local.sh's services running as compose's {@code restart: unless-stopped}
 * does: real processes started through it and killed with SIGKILL, as a crashed runner would end.
 */
class LocalModeSupervisionTest {

    private static final Pattern STARTED = Pattern.compile("started (\\w+) \\(pid (\\d+)");

    @TempDir
    Path folder;
    private Process driver;
    private final StringBuffer output = new StringBuffer();

    @Test
    void aServiceThatEndsOnItsOwnIsStartedAgainAndItsLogKeepsHowItEnded() throws Exception {
        startDriver(0);
        long service = pidOf("service");
        ProcessHandle.of(service).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(20)).until(() -> output.toString().contains("restarted service (pid"));
        Matcher restarted = Pattern.compile("restarted service \\(pid (\\d+)").matcher(output);
        assertThat(restarted.find()).isTrue();
        long again = Long.parseLong(restarted.group(1));
        assertThat(again).isNotEqualTo(service);
        // the pid the watch printed becomes the service itself once its shell has exec'd, a moment after the line
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ProcessHandle.of(again))
                .as("the new process, not a shell around it").hasValueSatisfying(p ->
                        assertThat(p.info().command()).hasValueSatisfying(command -> assertThat(command).endsWith("sleep"))));
        assertThat(output).contains("service (pid " + service + ") ended on its own with status 137");
        Path log = folder.resolve("service.log");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).split("service up", -1).length == 3);
        assertThat(Files.readString(log)).contains("--- service ended with status 137; restarted at ");
        assertThat(driver.isAlive()).as("the watch goes on").isTrue();
    }

    @Test
    void theEndOfTheFirstProcessStopsTheWatchWithAFailingStatus() throws Exception {
        startDriver(0);
        ProcessHandle.of(pidOf("cluster")).orElseThrow().destroyForcibly();

        assertThat(driver.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(driver.exitValue()).isEqualTo(1);
        assertThat(output).contains("cluster (pid").contains("the others cannot run without it").doesNotContain("restarted");
    }

    @Test
    void aServiceThatEndsSoonAfterItsStartIsNotRestartedOverAndOver() throws Exception {
        startDriver(3600);
        ProcessHandle.of(pidOf("service")).orElseThrow().destroyForcibly();

        assertThat(driver.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(driver.exitValue()).isEqualTo(1);
        assertThat(output).contains("not restarted; stopping the rest").doesNotContain("restarted service");
    }

    /** Two processes as run-local.sh starts them: the one the others need first, then a service. */
    private void startDriver(int minUptimeSeconds) throws IOException {
        String script = """
                say() { echo "[run-local] $*"; }
                SUPERVISE_MIN_UPTIME=%d
                . "%s"
                start cluster "%s/cluster.log" sleep 300
                start service "%s/service.log" bash -c 'echo service up; exec sleep 300'
                supervise || { echo "watch ended"; exit 1; }
                """.formatted(minUptimeSeconds, Repo.path("scripts/lib/supervise.sh"), folder, folder);
        driver = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        Thread.ofPlatform().daemon().start(() -> copy(driver.getInputStream()));
    }

    private long pidOf(String name) {
        await().atMost(Duration.ofSeconds(10)).until(() -> output.toString().contains("started " + name + " (pid"));
        Matcher started = STARTED.matcher(output);
        while (started.find()) {
            if (started.group(1).equals(name)) {
                return Long.parseLong(started.group(2));
            }
        }
        throw new AssertionError("no pid of " + name + " in " + output);
    }

    private void copy(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException ended) {
            // the driver is gone
        }
    }

    /** Every process the driver started, also those it left behind when its watch ended. */
    @AfterEach
    void stopEverything() {
        if (driver == null) {
            return;
        }
        driver.descendants().forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly();
        Matcher pids = Pattern.compile("started \\w+ \\(pid (\\d+)").matcher(output);
        while (pids.find()) {
            ProcessHandle.of(Long.parseLong(pids.group(1))).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
