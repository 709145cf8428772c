package dev.k6runner.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class CatalogTest {

    private static final Predicate<Recording> RUN = r -> r.command().startsWith("k6 run");

    @Test
    void indexListsAllThirtyTwoRecordings() {
        assertThat(Catalog.names()).hasSize(32).contains("basic-get", "sigint", "version", "inspect", "inspect-scenarios", "process-env",
                "execution-segments");
    }

    @Test
    void directiveWinsOverContent() {
        String script = "// k6-standin: threshold-fail\n" + new Recording("basic-get").text("script.js");
        assertThat(Catalog.choose(script, RUN, Set.of(), null).name()).isEqualTo("threshold-fail");
    }

    @Test
    void contentMatchIgnoresWhitespace() {
        String script = "  " + new Recording("post-json").text("script.js").replace("\n", "\n\n   ").replace(" ", "  ");
        assertThat(Catalog.choose(script, RUN, Set.of("out"), null).name()).isEqualTo("post-json");
    }

    @Test
    void sameScriptRecordingsAreToldApartByTheirOverrideFlags() {
        String basic = new Recording("basic-get").text("script.js");
        assertThat(Catalog.choose(basic, RUN, Set.of("out"), null).name()).isEqualTo("basic-get");
        assertThat(Catalog.choose(basic, RUN, Set.of("iterations"), null).name()).isEqualTo("cli-iterations");
        String stages = new Recording("stages").text("script.js");
        assertThat(Catalog.choose(stages, RUN, Set.of("vus", "duration"), null).name()).isEqualTo("cli-overrides-stages");
        String slow = new Recording("slow-responses").text("script.js");
        assertThat(Catalog.choose(slow, RUN, Set.of("summary-trend-stats"), null).name()).isEqualTo("trend-stats-p99");
        String signal = new Recording("sigint").text("script.js");
        assertThat(Catalog.choose(signal, RUN, Set.of("out"), null).name()).isEqualTo("sigint");
        assertThat(Catalog.choose(signal, RUN, Set.of(), null).name()).isEqualTo("double-sigint");
        String groups = new Recording("groups-custom-metrics").text("script.js");
        assertThat(Catalog.choose(groups, RUN, Set.of(), null).name()).isEqualTo("groups-custom-metrics");
        assertThat(Catalog.choose(groups, r -> r.command().startsWith("k6 inspect"), Set.of(), null).name()).isEqualTo("inspect");
    }

    @Test
    void unknownScriptFallsBackToTheDefaultOrFails() {
        assertThat(Catalog.choose("export default function () {}", RUN, Set.of(), "stages").name()).isEqualTo("stages");
        assertThatThrownBy(() -> Catalog.choose("export default function () {}", RUN, Set.of(), null))
                .hasMessage("k6-standin: no recording matches this script (add // k6-standin: <scenario>)");
        assertThatThrownBy(() -> Catalog.choose("// k6-standin: nope\n", RUN, Set.of(), null))
                .hasMessageStartingWith("k6-standin: unknown scenario 'nope'");
        assertThatThrownBy(() -> Catalog.choose("// k6-standin: version\n", RUN, Set.of(), null))
                .hasMessageStartingWith("k6-standin: recording 'version'");
    }
}
