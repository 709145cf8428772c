package dev.k6runner.cli.validate;

/** One line of {@code k6runner validate}: a check, its verdict, and what it found or what to fix. */
record CheckResult(String check, Level level, String message) {

    enum Level {
        /** Works. */
        OK,
        /** A required part is missing or broken; the message says how to fix it. */
        FAIL,
        /** Works, with a caveat worth knowing. */
        WARN,
        /** Optional and off, e.g. Gemini not configured. */
        INFO,
        /** Not checked (--skip). */
        SKIP
    }

    static CheckResult ok(String check, String message) {
        return new CheckResult(check, Level.OK, message);
    }

    static CheckResult fail(String check, String message) {
        return new CheckResult(check, Level.FAIL, message);
    }

    static CheckResult warn(String check, String message) {
        return new CheckResult(check, Level.WARN, message);
    }

    static CheckResult info(String check, String message) {
        return new CheckResult(check, Level.INFO, message);
    }

    String line() {
        return String.format("%-5s %-9s %s", level, check, message);
    }
}
