package dev.k6runner.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.k6runner.model.RunSpec;

class ConsoleAndCommandTest {

    @TempDir
    Path temp;

    @Test
    void theConsoleKeepsItsTailWithinTheCap() {
        ConsoleTail console = new ConsoleTail(1024);
        for (int i = 0; i < 500; i++) {
            console.add("line " + i + " " + "x".repeat(20));
        }
        String text = console.text();
        assertThat(text).startsWith("[… ").contains("earlier bytes of k6's console not kept").endsWith("line 499 " + "x".repeat(20) + "\n")
                .doesNotContain("line 0 ");
        assertThat(text.length()).isLessThan(1024 + 100);
    }

    @Test
    void theLastErrorLineIsKeptEvenWhenTheTailMovedOn() {
        ConsoleTail console = new ConsoleTail(1024);
        console.add("time=\"2026-11-23T23:42:05Z\" level=error msg=\"test aborted: boom \\\"quoted\\\"\"");
        for (int i = 0; i < 200; i++) {
            console.add("level=info msg=\"noise " + i + "\"");
        }
        assertThat(console.lastError()).map(K6LogLine::reason).contains("test aborted: boom \"quoted\"");
    }

    @Test
    void theCommandLineMapsTheRequestAndLocksK6DownWithNoEnvValueOnIt() throws IOException {
        WorkFolder folder = WorkFolder.create(temp, UUID.randomUUID(), "export default function () {}");
        try (folder) {
            RunSpec spec = new RunSpec("s", "n", 3, "10s", 7, Map.of("TOKEN", "a=b"), Map.of("team", "payments"), 60);
            List<String> line = K6Command.run("/opt/k6", spec, folder, List.of("169.254.0.0/16", "10.0.0.0/8"));
            assertThat(line).startsWith("/opt/k6", "run").endsWith("script.js")
                    .contains("--no-color", "--address=", "--no-usage-report", "--include-system-env-vars=true",
                            "--summary-export=" + folder.summary(), "--summary-trend-stats=avg,min,med,max,p(90),p(95),p(99),count",
                            "json=" + folder.fifo())
                    .doesNotContain("-e", "--env")
                    .noneMatch(arg -> arg.contains("a=b") || arg.contains("TOKEN"));
            assertThat(String.join(" ", line)).contains("--vus 3", "--duration 10s", "--iterations 7",
                    "--tag team=payments", "--blacklist-ip 169.254.0.0/16", "--blacklist-ip 10.0.0.0/8");
            assertThat(line).noneMatch(arg -> arg.startsWith("--system-tags"));
            assertThat(K6Command.run("/opt/k6", spec, folder, List.of(), null, "method,name"))
                    .as("the tags chosen from inspect, before the script").endsWith("--system-tags=method,name", "script.js");
            assertThat(K6Command.inspect("/opt/k6"))
                    .containsExactly("/opt/k6", "inspect", "--execution-requirements", "--include-system-env-vars=true", "script.js");
            assertThat(Files.readString(folder.path().resolve("script.js"))).isEqualTo("export default function () {}");
            assertThat(folder.fifo()).exists();
        }
        assertThat(folder.path()).doesNotExist();
    }
}
