package dev.k6runner.cli;

import tools.jackson.databind.JsonNode;

/**
 * The exit status of the CLI, chosen so that a CI job can gate on it the way it gates on
 * {@code k6 run}. k6's own codes keep their meaning; the CLI's own troubles use small numbers
 * that k6 never returns.
 */
final class ExitStatus {

    /** The run completed and its thresholds passed (or it had none); or a query succeeded. */
    static final int OK = 0;
    /** The run failed and k6 left no exit code of its own (k6 missing, for instance). */
    static final int FAILED = 1;
    /** compare: the head run regressed against the base (a CI gate fails on it). */
    static final int REGRESSION = 1;
    /** The command line is wrong. */
    static final int USAGE = 2;
    /** The gateway refused the request (a problem response: 400, 404, 409, 413, 429, 503 …). */
    static final int REFUSED = 3;
    /** The gateway could not be reached, or answered something that is not the contract. */
    static final int UNREACHABLE = 4;
    /** {@code --wait} gave up (--max-wait) before the run ended; the run goes on. */
    static final int STILL_RUNNING = 5;
    /** The run's runner vanished mid-run (lease expired); it is not re-run automatically. */
    static final int INTERRUPTED = 6;
    /** A validation check or the health of the service failed. */
    static final int UNHEALTHY = 7;
    /** k6's code: thresholds failed. */
    static final int THRESHOLDS_FAILED = 99;
    /** k6's code for a generic timeout: the run passed its time limit and was stopped. */
    static final int TIMED_OUT = 102;
    /** k6's code for an external abort: the run was cancelled. */
    static final int CANCELLED = 105;

    private ExitStatus() {
    }

    /** The exit status for a result document; {@link #OK} while the run is still live. */
    static int forResult(JsonNode document) {
        String status = Json.text(document, "status");
        Long k6Exit = Json.integer(document, "k6_exit_code");
        if (status == null) {
            return UNREACHABLE;
        }
        return switch (status) {
            case "completed" -> thresholdsFailed(document, k6Exit) ? THRESHOLDS_FAILED : OK;
            case "failed" -> k6Exit != null && k6Exit != 0 && k6Exit != 99 && k6Exit > 0 && k6Exit < 256 ? k6Exit.intValue() : FAILED;
            case "cancelled" -> CANCELLED;
            case "timed_out" -> TIMED_OUT;
            case "interrupted" -> INTERRUPTED;
            default -> OK;
        };
    }

    static boolean isTerminal(String status) {
        return switch (status == null ? "" : status) {
            case "completed", "failed", "cancelled", "timed_out", "interrupted" -> true;
            default -> false;
        };
    }

    private static boolean thresholdsFailed(JsonNode document, Long k6Exit) {
        Boolean passed = Json.bool(document.path("thresholds"), "passed");
        return Boolean.FALSE.equals(passed) || (k6Exit != null && k6Exit == 99);
    }
}
