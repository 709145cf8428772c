package dev.k6runner.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What picocli's usage help says about each option: its value's label and one line. */
final class OptionHelp {

    private static final Pattern VALUED = Pattern.compile("--([a-z-]+) ([A-Z][A-Za-z0-9:=_.]*)");

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("url", "the gateway (env K6RUNNER_URL, default " + CliContext.DEFAULT_URL + ")"),
            Map.entry("api-key", "your team's API key (env K6RUNNER_API_KEY)"),
            Map.entry("json", "print the gateway's JSON as is"),
            Map.entry("run.name", "the test name that groups runs (default: the script's file name)"),
            Map.entry("vus", "virtual users"),
            Map.entry("duration", "how long k6 runs, in k6 notation (30s, 5m, 1h30m)"),
            Map.entry("iterations", "total iterations"),
            Map.entry("runners", "split the test over this many runners (k6 execution segments, one merged result)"),
            Map.entry("env", "an environment variable for the script (repeatable)"),
            Map.entry("run.tag", "a tag of the run (repeatable)"),
            Map.entry("run.timeout", "stop the run after this long"),
            Map.entry("wait", "follow the run live and exit like k6"),
            Map.entry("run.max-wait", "stop waiting after this long (default 2h; the run goes on, exit 5)"),
            Map.entry("max-wait", "stop waiting after this long"),
            Map.entry("poll-interval", "how often to ask for the run's status while waiting"),
            Map.entry("quiet", "no live progress while waiting"),
            Map.entry("unpin", "remove the pin"),
            Map.entry("limit", "runs per page"),
            Map.entry("cursor", "the next page, as the previous page printed it"),
            Map.entry("anomalies-only", "only runs with anomalies"),
            Map.entry("min-error-rate", "only runs with at least this error rate, in percent"),
            Map.entry("max-response-time", "only runs with a p95 response time up to this, in ms"),
            Map.entry("search.name", "only runs of this test name"),
            Map.entry("status", "only runs in this status (repeatable)"),
            Map.entry("search.tag", "only runs with this tag (repeatable)"),
            Map.entry("since", "only runs created at or after: ISO-8601 time, UTC day or age (24h, 7d)"),
            Map.entry("until", "only runs created before: ISO-8601 time, UTC day or age"),
            Map.entry("days", "how many days back (default 7)"),
            Map.entry("output", "the file to save the report to (default report-TEST_ID.html)"),
            Map.entry("database-url", "the database (env DATABASE_URL)"),
            Map.entry("kafka", "the Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS)"),
            Map.entry("k6", "the k6 binary (env K6_BINARY)"),
            Map.entry("skip", "skip this check (repeatable)"),
            Map.entry("validate.timeout", "how long each check may take"),
            Map.entry("runner-max-age", "how old a runner's heartbeat may be"),
            Map.entry("port", "the port to listen on"),
            Map.entry("host", "the address to listen on"),
            Map.entry("samples", "the folder of sample scripts"),
            Map.entry("target-url", "the demo target the samples call (their BASE_URL)"),
            Map.entry("only", "only this sample (repeatable)"));

    private OptionHelp() {
    }

    /** The value labels a command's one-line usage gives its options: {@code --vus N} labels --vus N. */
    static Map<String, String> labels(String usage) {
        Map<String, String> labels = new HashMap<>();
        Matcher matcher = VALUED.matcher(usage);
        while (matcher.find()) {
            labels.putIfAbsent(matcher.group(1), matcher.group(2));
        }
        return labels;
    }

    /** The label of an option that a command's usage line shows without a value. */
    static String label(String option) {
        return switch (option) {
            case "api-key" -> "KEY";
            case "max-wait", "poll-interval", "timeout" -> "D";
            default -> option.toUpperCase().replace('-', '_');
        };
    }

    static String describe(String command, String option) {
        String specific = DESCRIPTIONS.get(command + "." + option);
        return specific != null ? specific : DESCRIPTIONS.getOrDefault(option, "");
    }
}
