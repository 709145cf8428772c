package dev.k6runner.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.k6runner.model.RunSpec;

class RunnerK6RunTest {

    private static final RunSpec SPEC = new RunSpec("export default function () {}", "bench", 20, "8s", null, Map.of(),
            Map.of(), 68);

    @Test
    void theRunnerSideIsK6CommandsExactLineWithTheCandidateFlagsBeforeTheScript(@TempDir Path root) throws Exception {
        try (WorkFolder folder = WorkFolder.create(root, UUID.randomUUID(), SPEC.script())) {
            List<String> runner = K6Command.run("/k6", SPEC, folder, List.of());

            List<String> line = RunnerK6Run.commandLine(Path.of("/k6"), folder, SPEC, List.of("--system-tags=method"), "fifo");

            assertThat(line.subList(0, line.size() - 2)).isEqualTo(runner.subList(0, runner.size() - 1));
            assertThat(line.subList(line.size() - 2, line.size())).containsExactly("--system-tags=method", folder.entry());
        }
    }

    @Test
    void thePlainSideIsTheSameLineWithoutTheStreamOutput(@TempDir Path root) throws Exception {
        try (WorkFolder folder = WorkFolder.create(root, UUID.randomUUID(), SPEC.script())) {
            List<String> runner = K6Command.run("/k6", SPEC, folder, List.of());

            List<String> plain = RunnerK6Run.commandLine(Path.of("/k6"), folder, SPEC, List.of(), "none");

            assertThat(plain).doesNotContain("--out", "json=" + folder.fifo());
            assertThat(plain).hasSize(runner.size() - 2).containsSubsequence(runner.stream()
                    .filter(arg -> !arg.equals("--out") && !arg.startsWith("json=")).toList());
        }
    }
}
