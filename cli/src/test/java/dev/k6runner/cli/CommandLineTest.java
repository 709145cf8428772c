package dev.k6runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The command line as picocli parses it: values, flags, repeats, positionals, and what it refuses. */
class CommandLineTest {

    private static Args parse(String... tokens) throws UsageException {
        return command("run", tokens);
    }

    private static Args command(String name, String... tokens) throws UsageException {
        List<String> all = new ArrayList<>(List.of(name));
        all.addAll(List.of(tokens));
        return Cli.parse(all.toArray(String[]::new));
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
        assertThatThrownBy(() -> parse("s.js", "--nope")).isInstanceOf(UsageException.class).hasMessageContaining("--nope");
        assertThatThrownBy(() -> parse("s.js", "--vus")).isInstanceOf(UsageException.class).hasMessageContaining("--vus");
        assertThatThrownBy(() -> parse("s.js", "--wait=yes")).isInstanceOf(UsageException.class).hasMessageContaining("--wait");
        assertThatThrownBy(() -> parse("s.js", "--vus", "ten").intValue("vus", 1, 10)).hasMessageContaining("whole number");
        assertThatThrownBy(() -> parse("s.js", "--vus", "0").intValue("vus", 1, 10)).hasMessageContaining("between 1 and 10");
        assertThatThrownBy(() -> parse("s.js", "--env", "NOVALUE").pairs("env", '=')).hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> parse().single("script file")).hasMessage("missing script file");
        assertThatThrownBy(() -> parse("a.js", "b.js").single("script file")).hasMessageContaining("expected one");
    }

    @Test
    void aSingleValuedOptionGivenTwiceKeepsTheLastAndAFlagMayRepeat() throws UsageException {
        Args args = parse("s.js", "--name", "first", "--name=second", "--wait", "--wait");
        assertThat(args.value("name")).isEqualTo("second");
        assertThat(args.flag("wait")).isTrue();
    }

    @Test
    void everyCommandTakesTheCommonOptionsAndHelp() throws UsageException {
        for (String command : List.of("status", "cancel", "baseline", "history", "search", "stats", "health", "validate", "demo-target", "demo",
                "generate-completion")) {
            Args args = command(command, "--url", "http://gw:1", "--api-key=k", "--json");
            assertThat(args.value("url")).as(command).isEqualTo("http://gw:1");
            assertThat(args.value("api-key")).as(command).isEqualTo("k");
            assertThat(args.flag("json")).as(command).isTrue();
            assertThat(command(command, "--help").helpRequested()).as(command).isTrue();
            assertThat(command(command, "-h").usageHelp()).as(command).startsWith("usage: k6runner " + command).contains("--url");
        }
    }

    @Test
    void oneCommandsHelpIsPicocliUsageWithTheDocumentedSynopsisAndEveryOption() {
        CliRun help = CliRun.of(Map.of(), "run", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("usage: k6runner run SCRIPT.js [--name N]")
                .contains("submit a k6 script").contains("--vus=N").contains("--env=K=V").contains("--max-wait=D")
                .contains("--wait").contains("--quiet").contains("--api-key=KEY");
        assertThat(CliRun.of(Map.of(), "help", "search").out()).startsWith("usage: k6runner search").contains("--since=T");
    }

    @Test
    void usageErrorsSayWhatAndExitTwo() {
        CliRun unknown = CliRun.of(Map.of(), "history", "--nope");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("error: ").contains("--nope").contains("usage: k6runner history [--limit N] [--cursor C]");
        assertThat(CliRun.of(Map.of(), "stats", "--days").exit()).isEqualTo(2);
        assertThat(CliRun.of(Map.of(), "baseline", "id", "--unpin=yes").exit()).isEqualTo(2);
    }

    @Test
    void versionAndBashCompletion() {
        assertThat(CliRun.of(Map.of(), "--version").out()).startsWith("k6runner ");
        assertThat(CliRun.of(Map.of(), "version").out()).startsWith("k6runner ");

        CliRun completion = CliRun.of(Map.of(), "generate-completion");
        assertThat(completion.exit()).isZero();
        assertThat(completion.out()).contains("complete -F").contains("k6runner")
                .contains("run").contains("search").contains("--anomalies-only").contains("--max-wait").contains("generate-completion");
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
        Args args = command("search", "--anomalies-only", "--min-error-rate", "5", "--max-response-time", "2000.5",
                "--name", "checkout", "--status", "completed", "--status", "failed", "--tag", "team:payments", "--tag", "env:prod",
                "--since", "24h", "--until", "2026-11-24", "--limit", "50", "--cursor", "abc");

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
        assertThatThrownBy(() -> SearchQuery.build(command("search", "--tag", "team"), Instant.now()))
                .hasMessageContaining("KEY:VALUE");
        assertThatThrownBy(() -> SearchQuery.build(command("search", "--since", "yesterday"), Instant.now()))
                .hasMessageContaining("ISO-8601");
    }
}
