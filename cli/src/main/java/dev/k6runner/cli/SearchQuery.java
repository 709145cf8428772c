package dev.k6runner.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The query string of {@code GET /api/v1/test/search}, from {@code search}'s options. */
final class SearchQuery {

    private SearchQuery() {
    }

    static List<Map.Entry<String, String>> build(Args args, Instant now) throws UsageException {
        List<Map.Entry<String, String>> query = new ArrayList<>();
        if (args.flag("anomalies-only")) {
            query.add(Map.entry("anomalies_only", "true"));
        }
        Double minErrorRate = args.doubleValue("min-error-rate");
        if (minErrorRate != null) {
            query.add(Map.entry("min_error_rate", plain(minErrorRate)));
        }
        Double maxResponseTime = args.doubleValue("max-response-time");
        if (maxResponseTime != null) {
            query.add(Map.entry("max_response_time", plain(maxResponseTime)));
        }
        optional(args, "name", query);
        for (String status : args.values("status")) {
            query.add(Map.entry("status", status));
        }
        for (String tag : args.values("tag")) {
            if (tag.indexOf(':') <= 0) {
                throw new UsageException("--tag expects KEY:VALUE, got '" + tag + "'");
            }
            query.add(Map.entry("tag", tag));
        }
        time(args, "since", now, query);
        time(args, "until", now, query);
        QueryCommands.page(args, query);
        return query;
    }

    private static void optional(Args args, String name, List<Map.Entry<String, String>> query) {
        if (args.value(name) != null) {
            query.add(Map.entry(name, args.value(name)));
        }
    }

    /** An ISO-8601 instant as given, or an age such as 24h / 7d turned into one. */
    private static void time(Args args, String name, Instant now, List<Map.Entry<String, String>> query) throws UsageException {
        String raw = args.value(name);
        if (raw == null) {
            return;
        }
        Optional<Duration> age = Durations.parse(raw);
        if (age.isPresent()) {
            query.add(Map.entry(name, now.minus(age.get()).toString()));
            return;
        }
        String text = raw.trim();
        try {
            query.add(Map.entry(name, text.matches("\\d{4}-\\d{2}-\\d{2}") ? LocalDate.parse(text).toString() : Instant.parse(text).toString()));
        } catch (DateTimeParseException e) {
            throw new UsageException("--" + name + " must be an ISO-8601 time (2026-11-20T00:00:00Z), a UTC day (2026-11-20) "
                    + "or an age (24h, 7d), got '" + raw + "'");
        }
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
