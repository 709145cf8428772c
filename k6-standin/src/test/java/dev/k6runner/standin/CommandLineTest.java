package dev.k6runner.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void readsBothFlagFormsShorthandsAndFlagsAfterTheScript() {
        CommandLine line = CommandLine.parse(List.of("--no-color", "run", "--summary-export=s.json", "--out", "json=m.ndjson",
                "-e", "A=1", "-eB=2", "--env=C=3", "-u", "2", "--duration=2s", "-i7", "script.js", "--tag", "team=x",
                "--address=", "--include-system-env-vars=false", "--no-usage-report", "-q",
                "--system-tags=status,method,name"));
        assertThat(line.command()).isEqualTo("run");
        assertThat(line.positionals()).containsExactly("script.js");
        assertThat(line.flags().get("env")).containsExactly("A=1", "B=2", "C=3");
        assertThat(line.last("summary-export")).isEqualTo("s.json");
        assertThat(line.last("out")).isEqualTo("json=m.ndjson");
        assertThat(line.last("vus")).isEqualTo("2");
        assertThat(line.last("iterations")).isEqualTo("7");
        assertThat(line.last("address")).isEmpty();
        assertThat(line.enabled("include-system-env-vars")).isFalse();
        assertThat(line.enabled("quiet")).isTrue();
        assertThat(line.enabled("no-color")).isTrue();
        assertThat(line.enabled("no-summary")).isFalse();
        assertThat(line.last("system-tags")).as("the runner's tag choice is accepted").isEqualTo("status,method,name");
    }

    @Test
    void emptyAddressAsSeparateArgumentTurnsTheApiOff() {
        RunRequest request = RunRequest.of(CommandLine.parse(List.of("run", "--address", "", "s.js")));
        assertThat(request.apiServerOn()).isFalse();
        assertThat(RunRequest.of(CommandLine.parse(List.of("run", "s.js"))).apiServerOn()).isTrue();
    }

    @Test
    void unknownFlagsAndCommandsAreStandinFailures() {
        assertThatThrownBy(() -> CommandLine.parse(List.of("run", "--log-format=json", "s.js")))
                .isInstanceOf(StandinFailure.class).hasMessage("k6-standin: unsupported flag --log-format");
        assertThatThrownBy(() -> CommandLine.parse(List.of("run", "-x", "s.js")))
                .hasMessage("k6-standin: unsupported flag -x");
        assertThatThrownBy(() -> CommandLine.parse(List.of("cloud", "s.js")))
                .hasMessageStartingWith("k6-standin: unsupported command 'cloud'");
        assertThatThrownBy(() -> CommandLine.parse(List.of("run", "s.js", "--vus")))
                .hasMessage("k6-standin: flag needs an argument: --vus");
        assertThatThrownBy(() -> RunRequest.of(CommandLine.parse(List.of("run", "-o", "csv=x.csv", "s.js"))))
                .hasMessageStartingWith("k6-standin: unsupported --out value 'csv=x.csv'");
    }

    @Test
    void wrapperOptionsComeFirstAndNeverFromTheEnvironment() {
        WrapperOptions.Split split = WrapperOptions.split(List.of("--standin-speed=10", "--standin-default-scenario=basic-get",
                "--standin-invocation-log=/tmp/x.ndjson", "run", "--standin-speed=3", "s.js"));
        assertThat(split.options().speed()).isEqualTo(10);
        assertThat(split.options().defaultScenario()).isEqualTo("basic-get");
        assertThat(split.options().invocationLog()).hasToString("/tmp/x.ndjson");
        assertThat(split.k6Args()).containsExactly("run", "--standin-speed=3", "s.js");
        assertThatThrownBy(() -> WrapperOptions.split(List.of("--standin-speed=0", "version")))
                .hasMessageContaining("positive number");
    }
}
