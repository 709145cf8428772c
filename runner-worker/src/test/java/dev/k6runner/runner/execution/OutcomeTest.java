package dev.k6runner.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.k6runner.model.RunStatus;

/** Exit codes and k6's stderr, as recorded from real k6, mapped to outcome and status_reason. */
class OutcomeTest {

    @Test
    void exitZeroCompletesWithoutReason() throws IOException {
        assertThat(outcomeOf("basic-get", 0, null, false)).isEqualTo(new Outcome(RunStatus.COMPLETED, null));
        assertThat(outcomeOf("iteration-exception", 0, null, false).status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void exit99CompletesAndNamesTheFailedThresholds() throws IOException {
        Outcome outcome = outcomeOf("threshold-fail", 99, null, false);
        assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(outcome.reason()).startsWith("thresholds failed: ")
                .contains("http_req_failed: rate<0.01").contains("http_req_duration: avg<1").doesNotContain("p(95)<1000");
    }

    @Test
    void scriptExceptionsFailInK6sWordsWithoutStackFrames() throws IOException {
        Outcome syntax = outcomeOf("syntax-error", 107, null, false);
        assertThat(syntax.status()).isEqualTo(RunStatus.FAILED);
        assertThat(syntax.reason()).startsWith("SyntaxError: file:///").contains("Unexpected token, expected , (4:0)")
                .endsWith("(script exception)").doesNotContain("babel.min.js");
        assertThat(outcomeOf("init-exception", 107, null, false).reason()).isEqualTo("Error: boom in init context (script exception)");
    }

    @Test
    void invalidOptionsAndTestAbortFailWithK6sErrorLine() throws IOException {
        assertThat(outcomeOf("invalid-options", 255, null, false)).isEqualTo(Outcome.failed(
                "could not initialize 'script.js': could not load JS test 'file:///tmp/k6-runs/invalid-options/script.js': time: invalid duration \"abc\""));
        Outcome abort = outcomeOf("test-abort", 108, null, false);
        assertThat(abort.status()).isEqualTo(RunStatus.FAILED);
        assertThat(abort.reason()).startsWith("test aborted: aborted by script: target unhealthy");
    }

    @Test
    void aSignalWeSentMapsToWhoSentIt() throws IOException {
        assertThat(outcomeOf("sigterm", 105, StopReason.CANCEL, false)).isEqualTo(new Outcome(RunStatus.CANCELLED,
                "test run was aborted because k6 received a 'terminated' signal: cancelled by a user"));
        assertThat(outcomeOf("sigterm", 105, StopReason.TIME_LIMIT, false).status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(outcomeOf("sigint", 105, StopReason.SHUTDOWN, false)).isEqualTo(new Outcome(RunStatus.INTERRUPTED,
                "test run was aborted because k6 received a 'interrupt' signal: the runner shut down"));
    }

    @Test
    void aSignalNobodyHereSentIsAFailure() throws IOException {
        assertThat(outcomeOf("sigint", 105, null, false)).isEqualTo(
                Outcome.failed("test run was aborted because k6 received a 'interrupt' signal"));
    }

    @Test
    void aKilledK6SaysSoAndARunThatEndedFirstStaysCompleted() throws IOException {
        assertThat(Outcome.of(137, Optional.of(StopReason.TIME_LIMIT), true, Optional.empty(), null)).isEqualTo(new Outcome(
                RunStatus.TIMED_OUT, "k6 did not stop after SIGTERM within the grace period and was killed: the run's time limit was reached"));
        assertThat(outcomeOf("basic-get", 0, StopReason.CANCEL, false).status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void otherCodesWithoutAnErrorLineSayTheCode() {
        assertThat(Outcome.of(101, Optional.empty(), false, Optional.empty(), null)).isEqualTo(Outcome.failed("k6 exited with code 101"));
    }

    private static Outcome outcomeOf(String scenario, int exit, StopReason stop, boolean killed) throws IOException {
        ConsoleTail console = new ConsoleTail(64 * 1024);
        recorded(scenario, "stderr.txt").lines().forEach(console::add);
        String summary = recorded(scenario, "summary-export.json");
        return Outcome.of(exit, Optional.ofNullable(stop), killed, console.lastError(), summary.isEmpty() ? null : summary);
    }

    /** The real-k6 recordings, as the stand-in ships them on the test classpath. */
    static String recorded(String scenario, String file) throws IOException {
        try (InputStream in = OutcomeTest.class.getResourceAsStream("/k6-recordings/" + scenario + "/" + file)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
