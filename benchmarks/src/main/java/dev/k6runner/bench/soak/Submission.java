package dev.k6runner.bench.soak;

/**
 * One submission of the soak and what became of it.
 *
 * @param httpStatus the final answer (202 accepted; 200 when a retry was answered with the first run; -1 no answer)
 * @param testId     the run id of an accepted submission, else null
 */
record Submission(String token, Scenario scenario, int httpStatus, String testId, int attempts) {

    boolean accepted() {
        return (httpStatus == 202 || httpStatus == 200) && testId != null;
    }
}
