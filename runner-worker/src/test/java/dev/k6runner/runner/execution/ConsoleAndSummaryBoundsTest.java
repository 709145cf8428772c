package dev.k6runner.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One enormous console line or summary export costs the runner a bounded amount of memory. */
class ConsoleAndSummaryBoundsTest {

    @Test
    void a300MegabyteConsoleLineFromARealProcessPassesThroughA48MegabyteHeap(@TempDir Path dir) throws Exception {
        // A BufferedReader.readLine would build the whole line (300 MB) and die of OutOfMemoryError in this JVM.
        String java = ProcessHandle.current().info().command().orElseThrow();
        String pipeline = "{ head -c 300000000 /dev/zero | tr '\\0' x; printf '\\nlevel=error msg=\"after the long line\"\\n'; } | "
                + "'" + java + "' -Xmx48m -XX:+UseSerialGC -cp '" + System.getProperty("java.class.path") + "' "
                + ConsoleTailProbe.class.getName();
        Process process = new ProcessBuilder("/bin/sh", "-c", pipeline).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out").toFile()).start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String out = Files.readString(dir.resolve("out"));
        assertThat(process.exitValue()).as(out).isZero();
        // the long line was cut to the cap as it was read, then left the tail when the next line came
        assertThat(out).doesNotContain("OutOfMemoryError").contains("lastError=after the long line")
                .containsPattern("firstLine=\\[… 6\\d{4} earlier bytes of k6's console not kept\\]");
        long kept = Long.parseLong(out.lines().filter(l -> l.startsWith("kept=")).findFirst().orElseThrow().substring(5));
        long maxHeap = Long.parseLong(out.lines().filter(l -> l.startsWith("maxHeap=")).findFirst().orElseThrow().substring(8));
        assertThat(kept).isLessThanOrEqualTo(64 * 1024 + 200);
        assertThat(maxHeap).isLessThan(64L * 1024 * 1024);
    }

    @Test
    void linesAreSplitAcrossChunksAndTheStartOfALongLineIsKept() throws IOException {
        List<String> lines = new ArrayList<>();
        String longLine = "level=error msg=\"" + "y".repeat(20_000) + "\"";
        String input = "first\r\n" + "a".repeat(8191) + "\n" + longLine + "\nlast without newline";
        new BoundedLines(100, lines::add).readAll(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("first");
        assertThat(lines.get(1)).isEqualTo("a".repeat(100) + " [… 8091 more bytes of this line not kept]");
        assertThat(lines.get(2)).startsWith("level=error msg=\"yyy").endsWith(" [… " + (longLine.length() - 100) + " more bytes of this line not kept]");
        assertThat(lines.get(3)).isEqualTo("last without newline");
    }

    @Test
    void aSummaryOverTheCapIsNotKeptAndTheRunSaysWhy(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("summary.json");
        Files.write(big, new byte[SummaryFile.CAP_BYTES + 1]);
        SummaryFile over = SummaryFile.read(big);
        assertThat(over.text()).isNull();
        assertThat(over.notice()).isEqualTo("[runner: k6's summary export is 6291457 bytes, over the 6.0 MiB a run keeps; "
                + "no raw summary is kept: it would not fit the RunFinished message]");

        Files.writeString(big, "{\"metrics\":{}}");
        assertThat(SummaryFile.read(big)).isEqualTo(new SummaryFile("{\"metrics\":{}}", null));
        assertThat(SummaryFile.read(dir.resolve("absent.json"))).isEqualTo(new SummaryFile(null, null));
        assertThat(SummaryFile.read(big, 4).notice()).contains("is 14 bytes, over the 4 B a run keeps");
    }
}
