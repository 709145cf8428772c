package dev.k6runner.model;

import java.util.Locale;

/** Ordered from harmless to urgent, so that the overall severity is the maximum. */
public enum Severity {
    NONE, LOW, MEDIUM, HIGH, CRITICAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromWire(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public Severity max(Severity other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
