package dev.k6runner.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class InvocationsTest {

    private static final UUID RUN = UUID.fromString("0b9f1c2e-3d4a-4b5c-8d6e-7f8091a2b3c4");
    private static final UUID OTHER = UUID.fromString("11111111-2222-4333-8444-555555555555");

    @Test
    void countsEachKRunOncePerRunFolderAndIgnoresOtherCommands() {
        String log = """
                {"args":["version"],"env":{},"cwd":"/srv/runner"}
                {"args":["run","--no-color","--summary-export=summary.json","--out","json=metrics.fifo","script.js"],"env":{"A":"b"},"cwd":"/tmp/work/%s"}
                {"args":["run","--address=","script.js"],"env":{},"cwd":"/tmp/work/%s"}
                {"args":["run","script.js"],"env":{},"cwd":"/tmp/work/%s"}
                """.formatted(RUN, OTHER, RUN);

        Invocations.Tally tally = Invocations.tally(Invocations.parse(log));

        assertThat(tally.runInvocations()).isEqualTo(3);
        assertThat(tally.executions(RUN)).isEqualTo(2);
        assertThat(tally.executions(OTHER)).isEqualTo(1);
        assertThat(tally.duplicated()).containsExactly(RUN);
        assertThat(tally.unattributed()).isZero();
    }

    @Test
    void fallsBackToAPathArgumentWhenTheCwdNamesNoRun() {
        String log = """
                {"args":["--quiet","run","--summary-export=/w/%s/summary.json","/w/%s/script.js"],"env":{},"cwd":"/"}
                {"args":["run","script.js"],"env":{},"cwd":"/somewhere/else"}
                """.formatted(RUN, RUN);

        Invocations.Tally tally = Invocations.tally(Invocations.parse(log));

        assertThat(tally.executions(RUN)).isEqualTo(1);
        assertThat(tally.unattributed()).isEqualTo(1);
        assertThat(tally.duplicated()).isEmpty();
    }

    @Test
    void aUuidInsideAFileNameIsNotAFolder() {
        Invocations.Invocation invocation = new Invocations.Invocation(List.of("run", "x" + RUN + ".js"), "/tmp/" + RUN + "x");
        assertThat(invocation.runId()).isEmpty();
    }

    @Test
    void readsTheSoakTokenOfAScript() {
        assertThat(Invocations.token("// k6-standin: basic-get\n// soak-token: c3-17\nexport default function () {}"))
                .contains("c3-17");
        assertThat(Invocations.token("export default function () {}")).isEmpty();
    }
}
