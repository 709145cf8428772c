package dev.k6runner.cli.validate;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code k6runner validate}: checks an installation without running load. Each check prints
 * one line, OK or what to fix; the result is false when any required check failed.
 */
public final class Validation {

    private Validation() {
    }

    public static boolean run(ValidationOptions options, PrintStream out) {
        List<CheckResult> results = new ArrayList<>();
        check(options, "java", JavaCheck::check, results, out);
        check(options, "k6", () -> new K6Check(options.k6Binary(), options.path(), options.timeout()).check(), results, out);
        DatabaseTarget database = null;
        try {
            database = DatabaseTarget.parse(options.databaseUrl());
        } catch (IllegalArgumentException e) {
            check(options, "database", () -> CheckResult.fail("database", e.getMessage()), results, out);
        }
        if (database != null) {
            DatabaseTarget target = database;
            check(options, "database", () -> new DatabaseCheck(target, options.timeout()).check(), results, out);
        }
        check(options, "kafka", () -> new KafkaCheck(options.kafkaBootstrap(), options.timeout()).check(), results, out);
        DatabaseTarget target = database;
        check(options, "runners", () -> new RunnersCheck(target, options.timeout(), options.runnerMaxAge(), options.gatewayHealth()).check(),
                results, out);
        check(options, "gemini", () -> GeminiCheck.check(options.geminiApiKey()), results, out);
        long failed = results.stream().filter(r -> r.level() == CheckResult.Level.FAIL).count();
        out.println();
        out.println(failed == 0 ? "validate: all required checks passed"
                : "validate: " + failed + " required check" + (failed == 1 ? "" : "s") + " failed");
        return failed == 0;
    }

    private static void check(ValidationOptions options, String name, Supplier<CheckResult> check,
                              List<CheckResult> results, PrintStream out) {
        CheckResult result;
        if (options.skipped().contains(name)) {
            result = new CheckResult(name, CheckResult.Level.SKIP, "skipped (--skip " + name + ")");
        } else {
            try {
                result = check.get();
            } catch (RuntimeException e) {
                result = CheckResult.fail(name, "the check itself broke: " + e);
            }
        }
        results.add(result);
        out.println(result.line());
        out.flush();
    }
}
