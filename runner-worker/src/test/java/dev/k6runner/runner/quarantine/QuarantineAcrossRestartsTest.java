package dev.k6runner.runner.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.k6runner.runner.RunnerProperties;

/**
 * A sick host stays quarantined across a restart of its runner: the restarted runner starts quarantined, with the
 * same since and reason, and stays so while its probe fails; once the host is repaired its probe releases it, and the
 * start after that is not quarantined. A real host probe (the work folder is a file, so no run can be prepared).
 */
class QuarantineAcrossRestartsTest {

    @TempDir
    Path root;

    @Test
    void aRestartedRunnerOnASickHostStartsQuarantinedUntilItsProbePasses() throws Exception {
        Path work = root.resolve("work");
        Files.writeString(work, "a file where the runner's work folder should be");
        Quarantine.State before;
        try (Quarantine first = quarantine(work)) {
            for (int fault = 0; fault < 3; fault++) {
                first.hostFault("k6 could not be started: the work folder is a file");
            }
            before = first.state().orElseThrow();
        }

        try (Quarantine restarted = quarantine(work)) {
            assertThat(restarted.state()).as("quarantined from its start").contains(before);
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(restarted::active);

            Files.delete(work);

            await().atMost(Duration.ofSeconds(10)).until(() -> !restarted.active());
        }
        try (Quarantine repaired = quarantine(work)) {
            assertThat(repaired.active()).as("released for good").isFalse();
        }
    }

    private Quarantine quarantine(Path work) {
        RunnerProperties runner = new RunnerProperties("restarted", 1, "/bin/true", root.resolve("results"), work,
                null, null, null, null, null, null, List.of(), null, null, null, null, null);
        return new Quarantine(null, new QuarantineProperties(3, Duration.ofMillis(200)), runner, new SimpleMeterRegistry());
    }
}
