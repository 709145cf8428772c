package dev.k6runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ArgsTest {

    private static final Command SEARCH = QueryCommands.ALL.stream().filter(c -> c.name().equals("search")).findFirst().orElseThrow();

    private static Args parse(String... tokens) throws UsageException {
        return Args.parse(List.of(tokens), RunCommand.COMMAND.valued(), RunCommand.COMMAND.flags());
    }

    @Test
    void readsValuesFlagsRepeatsAndPositionals() throws UsageException {
        Args args = parse("script.js", "--vus", "10", "--duration=30s", "--env", "A=1", "--env", "B=x=y",
                "--tag", "team=payments", "--wait", "--json", "--url", "http://gw:8080");

        assertThat(args.single("script")).isEqualTo("script.js");
        assertThat(args.intValue("vus", 1, 100)).isEqualTo(10);
        assertThat(args.value("duration")).isEqualTo("30s");
        assertThat(args.pairs("env", '=')).containsExactly(Map.entry("A", "1"), Map.entry("B", "x=y"));
        assertThat(args.pairs("tag", '=')).containsExactly(Map.entry("team", "payments"));
        assertThat(args.flag("wait")).isTrue();
        assertThat(args.flag("json")).isTrue();
        assertThat(args.flag("quiet")).isFalse();
        assertThat(args.value("url")).isEqualTo("http://gw:8080");
    }

    @Test
    void doubleDashEndsOptions() throws UsageException {
        Args args = parse("--", "--weird-file.js");
        assertThat(args.positionals()).containsExactly("--weird-file.js");
    }

    @Test
    void rejectsWhatIsWrongWithAMessageThatSaysWhat() {
        assertThatThrownBy(() -> parse("s.js", "--nope")).hasMessage("unknown option --nope");
        assertThatThrownBy(() -> parse("s.js", "--vus")).hasMessage("--vus needs a value");
        assertThatThrownBy(() -> parse("s.js", "--wait=yes")).hasMessage("--wait takes no value");
        assertThatThrownBy(() -> parse("s.js", "--vus", "ten").intValue("vus", 1, 10)).hasMessageContaining("whole number");
        assertThatThrownBy(() -> parse("s.js", "--vus", "0").intValue("vus", 1, 10)).hasMessageContaining("between 1 and 10");
        assertThatThrownBy(() -> parse("s.js", "--env", "NOVALUE").pairs("env", '=')).hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> parse().single("script file")).hasMessage("missing script file");
        assertThatThrownBy(() -> parse("a.js", "b.js").single("script file")).hasMessageContaining("expected one");
    }

    @Test
    void durationsInK6NotationAndPlainSeconds() {
        assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("7d")).contains(Duration.ofDays(7));
        assertThat(Durations.parse("0.25")).contains(Duration.ofMillis(250));
        assertThat(Durations.parse("abc")).isEmpty();
        assertThat(Durations.parse("5m junk")).isEmpty();
    }

    @Test
    void searchQueryFromEveryOption() throws UsageException {
        Args args = Args.parse(List.of("--anomalies-only", "--min-error-rate", "5", "--max-response-time", "2000.5",
                        "--name", "checkout", "--status", "completed", "--status", "failed", "--tag", "team:payments", "--tag", "env:prod",
                        "--since", "24h", "--until", "2026-11-24", "--limit", "50", "--cursor", "abc"),
                SEARCH.valued(), SEARCH.flags());

        assertThat(SearchQuery.build(args, Instant.parse("2026-11-24T12:00:00Z"))).containsExactly(
                Map.entry("anomalies_only", "true"), Map.entry("min_error_rate", "5"),
                Map.entry("max_response_time", "2000.5"), Map.entry("name", "checkout"), Map.entry("status", "completed"), Map.entry("status", "failed"),
                Map.entry("tag", "team:payments"), Map.entry("tag", "env:prod"),
                Map.entry("since", "2026-11-23T12:00:00Z"), Map.entry("until", "2026-11-24"),
                Map.entry("limit", "50"), Map.entry("cursor", "abc"));
        assertThat(GatewayClient.queryString(List.of(Map.entry("tag", "team:pay ments")))).isEqualTo("?tag=team%3Apay%20ments");
    }

    @Test
    void searchRejectsBadTagsAndTimes() throws UsageException {
        Set<String> valued = SEARCH.valued();
        Set<String> flags = SEARCH.flags();
        assertThatThrownBy(() -> SearchQuery.build(Args.parse(List.of("--tag", "team"), valued, flags), Instant.now()))
                .hasMessageContaining("KEY:VALUE");
        assertThatThrownBy(() -> SearchQuery.build(Args.parse(List.of("--since", "yesterday"), valued, flags), Instant.now()))
                .hasMessageContaining("ISO-8601");
    }
}
