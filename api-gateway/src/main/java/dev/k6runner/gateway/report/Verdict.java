package dev.k6runner.gateway.report;

import tools.jackson.databind.JsonNode;

/**
 * The one-word answer a reader looks for first: pass, warn or fail. A completed run fails when a threshold
 * failed or the analysis found a high or critical anomaly, warns on lesser anomalies, and passes otherwise; a
 * run that broke fails; a live run has none yet. The report and the run list say it alike.
 */
public record Verdict(String cssClass, String text) {

    static Verdict of(JsonNode doc) {
        JsonNode passed = doc.path("thresholds").path("passed");
        return of(Fmt.text(doc.path("status")), passed.isBoolean() ? passed.asBoolean() : null,
                doc.path("anomaly_analysis").path("severity").asString(null), doc.path("anomaly_analysis").path("anomalies").size());
    }

    /**
     * @param thresholdsPassed null where the run had no thresholds (or no results yet)
     * @param severity         the analysis's overall severity; null before the analysis
     */
    public static Verdict of(String status, Boolean thresholdsPassed, String severity, int anomalies) {
        if (isLive(status)) {
            return new Verdict("running", "in progress");
        }
        if (!"completed".equals(status)) {
            return "cancelled".equals(status) ? new Verdict("cancelled", "cancelled") : new Verdict("fail", "fail: " + status);
        }
        if (Boolean.FALSE.equals(thresholdsPassed)) {
            return new Verdict("fail", "fail: thresholds failed");
        }
        if ("high".equals(severity) || "critical".equals(severity)) {
            return new Verdict("fail", "fail: " + severity + " anomalies");
        }
        return anomalies > 0 ? new Verdict("warn", "warn: " + anomalies + " anomal" + (anomalies == 1 ? "y" : "ies"))
                : new Verdict("pass", "pass");
    }

    static boolean isLive(JsonNode doc) {
        return isLive(Fmt.text(doc.path("status")));
    }

    private static boolean isLive(String status) {
        return switch (status) {
            case "queued", "running", "analyzing" -> true;
            default -> false;
        };
    }
}
