package dev.k6runner.bench.soak;

import java.util.List;

/**
 * What a soak run replays (a recording of the k6 stand-in, chosen by the script's directive) and the
 * terminal status its k6 exit implies when nothing goes wrong.
 */
enum Scenario {
    BASIC_GET("basic-get", "completed"),
    POST_JSON("post-json", "completed"),
    MIXED_ERRORS("mixed-errors", "completed"),
    THRESHOLD_FAIL("threshold-fail", "completed"),
    NO_REQUESTS("no-requests", "completed"),
    /** 60 s recorded run that only ends on a signal: the run's time limit stops it, hence timed_out. */
    LONG("sigint", "timed_out");

    static final List<Scenario> SHORT = List.of(BASIC_GET, POST_JSON, MIXED_ERRORS, THRESHOLD_FAIL, NO_REQUESTS);
    static final String LONG_TIMEOUT = "15s";

    final String recording;
    final String expectedStatus;

    Scenario(String recording, String expectedStatus) {
        this.recording = recording;
        this.expectedStatus = expectedStatus;
    }

    String script(String token) {
        return "// k6-standin: " + recording + "\n// soak-token: " + token + "\n"
                + "import http from 'k6/http';\nexport default function () { http.get('http://127.0.0.1:18080/ok'); }\n";
    }

    String testName() {
        return this == LONG ? "soak-long" : "soak-" + recording;
    }
}
