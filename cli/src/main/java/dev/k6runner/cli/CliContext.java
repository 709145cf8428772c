package dev.k6runner.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * What a command may touch: its output streams, the environment it was started with, and
 * whether stderr is a terminal (live progress then redraws one line instead of appending).
 */
record CliContext(PrintStream out, PrintStream err, Map<String, String> env, boolean interactive, Clock clock) {

    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    static final String URL_ENV = "K6RUNNER_URL";
    static final String API_KEY_ENV = "K6RUNNER_API_KEY";

    String env(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** The gateway named by --url / --api-key, else K6RUNNER_URL / K6RUNNER_API_KEY. */
    GatewayClient gateway(Args args) throws UsageException {
        String url = firstNonNull(args.value("url"), env(URL_ENV), DEFAULT_URL).trim();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new UsageException("the gateway URL must start with http:// or https://, got '" + url + "'");
        }
        try {
            return new GatewayClient(url, firstNonNull(args.value("api-key"), env(API_KEY_ENV), null));
        } catch (IllegalArgumentException e) {
            throw new UsageException("the gateway URL '" + url + "' is not a valid URL: " + e.getMessage());
        }
    }

    void lines(Iterable<String> lines) {
        lines.forEach(out::println);
    }

    private static String firstNonNull(String a, String b, String c) {
        return a != null ? a : b != null ? b : c;
    }
}
