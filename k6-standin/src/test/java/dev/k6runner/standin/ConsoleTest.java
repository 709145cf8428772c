package dev.k6runner.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleTest {

    @Test
    void cutsBannerProgressAndEndingWithTheirTimes() {
        Console console = Console.of(new Recording("basic-get").lines("stdout.txt"));
        assertThat(console.started()).isTrue();
        assertThat(console.banner().getLast()).isEmpty();
        assertThat(console.banner()).anyMatch(line -> line.contains("* default: 5 looping VUs for 3s"));
        assertThat(console.progress()).extracting(Console.Block::at).containsExactly(1.0, 2.0, 3.0);
        assertThat(console.ending().getFirst().lines()).containsExactly("");
        assertThat(console.ending().getLast().progress()).isTrue();
        assertThat(console.lastProgressSeconds()).isEqualTo(3.1);
        assertThat(console.plannedSeconds()).isEqualTo(3.0);
    }

    @Test
    void bannerShowsThisInvocationsScriptAndOutput() {
        Console console = Console.of(new Recording("basic-get").lines("stdout.txt"));
        List<String> banner = console.banner("/work/run-1/script.js", null);
        assertThat(banner).contains("        script: /work/run-1/script.js", "        output: -");
        assertThat(console.banner("s.js", "/tmp/fifo")).contains("        output: json (/tmp/fifo)");
    }

    @Test
    void signalRunsKnowTheirPlannedDuration() {
        Console console = Console.of(new Recording("sigint").lines("stdout.txt"));
        assertThat(console.plannedSeconds()).isEqualTo(60.0);
        assertThat(console.lastProgressSeconds()).isEqualTo(1.6);
    }

    @Test
    void failuresBeforeTheRunAreAllBanner() {
        Console console = Console.of(new Recording("syntax-error").lines("stdout.txt"));
        assertThat(console.started()).isFalse();
        assertThat(console.progress()).isEmpty();
        assertThat(console.ending()).isEmpty();
    }

    @Test
    void logsPutTheEndingErrorLastAndTheSignalLineAside() {
        Recording thresholds = new Recording("threshold-fail");
        Logs logs = Logs.of(thresholds.lines("stderr.txt"), 99, true, null, 2);
        assertThat(logs.atStart()).singleElement().asString().contains("Error from API server");
        assertThat(logs.atEnd()).singleElement().asString().contains("have been crossed");
        assertThat(Logs.of(thresholds.lines("stderr.txt"), 99, false, null, 2).atStart()).isEmpty();
        Logs signal = Logs.of(new Recording("sigint").lines("stderr.txt"), 105, true, null, 2);
        assertThat(signal.signalRecorded()).isTrue();
        assertThat(signal.atEnd()).isEmpty();
        assertThat(signal.abortLineFor("terminated")).endsWith("received a 'terminated' signal\"");
        assertThat(Logs.stampedNow(signal.abortLine())).doesNotContain("2026-11-23T23:42:23Z").startsWith("time=\"");
    }

    @Test
    void streamIsPacedByPointTimesThatNeverGoBack() throws Exception {
        try (MetricStream stream = MetricStream.of(new Recording("basic-get"))) {
            assertThat(stream.firstPoint()).hasToString("2026-11-23T23:41:45.429718195Z");
            double last = 0;
            int lines = 0;
            while (stream.hasNext()) {
                assertThat(stream.nextAt()).isGreaterThanOrEqualTo(last);
                last = stream.nextAt();
                lines += stream.next().size();
            }
            assertThat(lines).isEqualTo(2122);
            assertThat(last).isBetween(3.0, 3.1);
        }
    }
}
