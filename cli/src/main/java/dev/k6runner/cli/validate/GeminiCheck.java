package dev.k6runner.cli.validate;

/** Gemini is optional: without a key the analyzer uses its own rules only. */
final class GeminiCheck {

    private GeminiCheck() {
    }

    static CheckResult check(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            return CheckResult.info("gemini", "not configured: analyses use the built-in rules only "
                    + "(set GEMINI_API_KEY on the analyzer to add Gemini's analysis)");
        }
        String tail = apiKey.length() > 8 ? "…" + apiKey.substring(apiKey.length() - 4) : "(short key)";
        return CheckResult.ok("gemini", "configured: GEMINI_API_KEY is set " + tail
                + " (validate does not call Gemini; a failing call falls back to the rules)");
    }
}
