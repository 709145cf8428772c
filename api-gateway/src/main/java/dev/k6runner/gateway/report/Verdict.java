package dev.k6runner.gateway.report;

import tools.jackson.databind.JsonNode;

/**
 * The one-word answer a reader looks for first: pass, warn or fail. A completed run fails when a threshold
 * failed or the analysis found a high or critical anomaly, warns on lesser anomalies, and passes otherwise; a
 * run that broke fails; a live run has none yet.
 */
record Verdict(String cssClass, String text) {

    static Verdict of(JsonNode doc) {
        String status = Fmt.text(doc.path("status"));
        if (isLive(doc)) {
            return new Verdict("running", "in progress");
        }
        if (!"completed".equals(status)) {
            return "cancelled".equals(status) ? new Verdict("cancelled", "cancelled") : new Verdict("fail", "fail: " + status);
        }
        boolean thresholdsFailed = doc.path("thresholds").path("passed").isBoolean() && !doc.path("thresholds").path("passed").asBoolean();
        String severity = doc.path("anomaly_analysis").path("severity").asString("none");
        int anomalies = doc.path("anomaly_analysis").path("anomalies").size();
        if (thresholdsFailed) {
            return new Verdict("fail", "fail: thresholds failed");
        }
        if ("high".equals(severity) || "critical".equals(severity)) {
            return new Verdict("fail", "fail: " + severity + " anomalies");
        }
        return anomalies > 0 ? new Verdict("warn", "warn: " + anomalies + " anomal" + (anomalies == 1 ? "y" : "ies"))
                : new Verdict("pass", "pass");
    }

    static boolean isLive(JsonNode doc) {
        return switch (Fmt.text(doc.path("status"))) {
            case "queued", "running", "analyzing" -> true;
            default -> false;
        };
    }
}
