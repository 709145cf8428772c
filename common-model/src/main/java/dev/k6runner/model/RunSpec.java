package dev.k6runner.model;

import java.util.Map;

/**
 * What a user asked to run, as stored. {@code vus}, {@code duration} and {@code iterations}
 * override the script's options exactly as k6's command-line flags do; null leaves the script's own.
 *
 * @param timeoutSeconds the hard limit after which k6 is stopped and the run is timed_out
 * @param runners        how many k6 execution segments (on as many runner slots) the test is split into; 1 = not split
 */
public record RunSpec(
        String script,
        String name,
        Integer vus,
        String duration,
        Integer iterations,
        Map<String, String> env,
        Map<String, String> tags,
        long timeoutSeconds,
        int runners) {

    public RunSpec {
        env = env == null ? Map.of() : Map.copyOf(env);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        if (runners < 1) {
            throw new IllegalArgumentException("runners must be at least 1, got " + runners);
        }
    }

    /** A test run by one k6 process. */
    public RunSpec(String script, String name, Integer vus, String duration, Integer iterations, Map<String, String> env,
                   Map<String, String> tags, long timeoutSeconds) {
        this(script, name, vus, duration, iterations, env, tags, timeoutSeconds, 1);
    }
}
