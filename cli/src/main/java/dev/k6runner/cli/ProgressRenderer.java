package dev.k6runner.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import tools.jackson.databind.JsonNode;

/**
 * One line of live progress for a polled run: its status, the queue position while queued,
 * and while running the runner's {@code progress} object (elapsed, requests, failed, VUs; for a test on several
 * runners, the sum of its segments').
 */
final class ProgressRenderer {

    private ProgressRenderer() {
    }

    static String line(JsonNode doc, Instant now) {
        String status = Format.orDash(Json.text(doc, "status"));
        StringBuilder line = new StringBuilder(status);
        if ("queued".equals(status)) {
            Long position = Json.integer(doc, "queue_position");
            if (position != null) {
                line.append("  queue position ").append(position);
            }
            return line.append("  waiting ").append(since(Json.text(doc, "submitted_at"), now)).toString();
        }
        JsonNode progress = doc.path("progress");
        Double elapsed = firstNumber(progress, "elapsed_seconds", "elapsed");
        line.append("  elapsed ").append(elapsed != null ? Format.seconds(elapsed) : since(Json.text(doc, "started_at"), now));
        if (Json.present(progress) && progress.isObject()) {
            Long requests = Json.integer(progress, "requests");
            Long failed = Json.integer(progress, "failed_requests");
            Long vus = Json.integer(progress, "vus");
            line.append("  requests ").append(Format.count(requests));
            if (failed != null) {
                line.append(" (").append(failed).append(" failed)");
            }
            line.append("  VUs ").append(Format.count(vus));
        }
        Long runners = Json.integer(doc.path("request"), "runners");
        if (runners != null && runners > 1) {
            // the figures above are the segments' sum: say how many k6 processes made them
            line.append("  on ").append(runners).append(" runners");
        }
        return line.toString();
    }

    private static Double firstNumber(JsonNode node, String... fields) {
        for (String field : fields) {
            Double value = Json.number(node, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String since(String isoTime, Instant now) {
        if (isoTime == null) {
            return Format.NONE;
        }
        try {
            Duration elapsed = Duration.between(Instant.parse(isoTime), now);
            return Format.seconds(Math.max(0, elapsed.toMillis()) / 1000.0);
        } catch (DateTimeParseException e) {
            return Format.NONE;
        }
    }
}
