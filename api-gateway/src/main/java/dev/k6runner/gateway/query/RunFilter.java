package dev.k6runner.gateway.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.k6runner.gateway.web.ApiProblem;
import dev.k6runner.model.RunStatus;

/** The filters of search, parsed and checked from the query string; every wrong value names its parameter. */
record RunFilter(
        boolean anomaliesOnly,
        Double minErrorRate,
        Double maxResponseTime,
        String name,
        List<String> statuses,
        List<Map.Entry<String, String>> tags,
        Instant since,
        Instant until,
        int limit,
        Cursor cursor) {

    static final Set<String> HISTORY_PARAMETERS = Set.of("limit", "cursor");
    static final Set<String> SEARCH_PARAMETERS = Set.of("limit", "cursor", "anomalies_only", "min_error_rate",
            "max_response_time", "name", "status", "tag", "since", "until");
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 500;

    static RunFilter parse(Map<String, String[]> query, Set<String> allowed) {
        for (String parameter : query.keySet()) {
            if (!allowed.contains(parameter)) {
                throw ApiProblem.badParameter(parameter, "unknown parameter; known: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        Instant since = instant(query, "since");
        Instant until = instant(query, "until");
        if (since != null && until != null && !since.isBefore(until)) {
            throw ApiProblem.badParameter("until", "must be after since");
        }
        return new RunFilter(bool(query, "anomalies_only"), number(query, "min_error_rate"),
                number(query, "max_response_time"), text(query, "name"), statuses(query), tags(query),
                since, until, limit(query), Cursor.decode(text(query, "cursor")));
    }

    private static String text(Map<String, String[]> query, String name) {
        String[] values = query.get(name);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            throw ApiProblem.badParameter(name, "given " + values.length + " times; give it once");
        }
        return values[0];
    }

    private static boolean bool(Map<String, String[]> query, String name) {
        String value = text(query, name);
        if (value == null || value.isEmpty()) {
            return false;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiProblem.badParameter(name, "'" + value + "' is not true or false");
        };
    }

    private static Double number(Map<String, String[]> query, String name) {
        String value = text(query, name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            double number = Double.parseDouble(value);
            if (!Double.isFinite(number) || number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw ApiProblem.badParameter(name, "'" + value + "' is not a non-negative number");
        }
    }

    private static int limit(Map<String, String[]> query) {
        String value = text(query, "limit");
        if (value == null || value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiProblem.badParameter("limit", "must be a whole number from 1 to " + MAX_LIMIT + ", got '" + value + "'");
    }

    private static List<String> statuses(Map<String, String[]> query) {
        String[] values = query.get("status");
        if (values == null) {
            return List.of();
        }
        List<String> statuses = new ArrayList<>();
        for (String value : values) {
            for (String one : value.split(",")) {
                try {
                    statuses.add(RunStatus.fromWire(one).wireName());
                } catch (IllegalArgumentException e) {
                    throw ApiProblem.badParameter("status", "'" + one + "' is not a status; one of queued, running, "
                            + "analyzing, completed, failed, cancelled, timed_out, interrupted");
                }
            }
        }
        return statuses;
    }

    private static List<Map.Entry<String, String>> tags(Map<String, String[]> query) {
        String[] values = query.get("tag");
        if (values == null) {
            return List.of();
        }
        List<Map.Entry<String, String>> tags = new ArrayList<>();
        for (String value : values) {
            int colon = value.indexOf(':');
            if (colon <= 0) {
                throw ApiProblem.badParameter("tag", "'" + value + "' is not key:value");
            }
            tags.add(Map.entry(value.substring(0, colon), value.substring(colon + 1)));
        }
        return tags;
    }

    private static Instant instant(Map<String, String[]> query, String name) {
        String value = text(query, name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badParameter(name, "'" + value + "' is not an ISO-8601 time (2026-11-20T10:00:00Z) or date (2026-11-20)");
        }
    }
}
