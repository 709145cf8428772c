package dev.k6runner.model;

import java.util.Locale;

/** Which analyzer produced a run's anomaly analysis: Gemini ({@code ai}) or the rules. */
public enum AnalyzerKind {
    RULES, AI;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
