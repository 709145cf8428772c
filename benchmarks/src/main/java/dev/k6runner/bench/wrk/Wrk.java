package dev.k6runner.bench.wrk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drives the gateway with wrk (Debian's {@code wrk} package; {@code scripts/benchmark.sh} installs it when it
 * is missing), an HTTP client anyone can run against a local mode to check a figure. Each load is a Lua
 * script whose {@code done} hook prints one {@code WRK-RESULT} line: requests, errors and wrk's own latency
 * percentiles (from its full latency histogram, not sampled).
 */
public final class Wrk {

    /** One wrk load: rates and latencies as wrk measured them; {@code errors} = socket errors + non-2xx answers. */
    public record Result(long requests, double seconds, long errors, double p50Millis, double p90Millis, double p99Millis,
                         double maxMillis) {

        public double rate() {
            return (requests - errors) / seconds;
        }
    }

    private final Path directory;

    public Wrk(Path directory) {
        this.directory = directory;
    }

    /**
     * @param connections open connections, each with at most one request in flight (closed loop, as the
     *                    JDBC baselines run)
     * @param scriptArgs  passed to the script's {@code init(args)}
     */
    public Result run(String name, String url, String luaScript, int connections, Duration length, List<String> scriptArgs)
            throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Path script = directory.resolve(name + ".lua");
        Files.writeString(script, luaScript + DONE);
        Path output = directory.resolve(name + ".out");
        List<String> command = new ArrayList<>(List.of("wrk", "-t", String.valueOf(Math.min(2, connections)),
                "-c", String.valueOf(connections), "-d", length.toSeconds() + "s", "--timeout", "10s", "--latency",
                "-s", script.toString(), url));
        if (!scriptArgs.isEmpty()) {
            command.add("--");
            command.addAll(scriptArgs);
        }
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!wrk.waitFor(length.toSeconds() + 60, TimeUnit.SECONDS)) {
            wrk.destroyForcibly();
            throw new IllegalStateException("wrk did not finish; see " + output);
        }
        return parse(Files.readString(output), output);
    }

    private static Result parse(String text, Path output) {
        for (String line : text.split("\n")) {
            if (line.startsWith("WRK-RESULT ")) {
                String[] f = line.substring("WRK-RESULT ".length()).trim().split(" ");
                return new Result(Long.parseLong(f[0]), Double.parseDouble(f[1]) / 1e6, Long.parseLong(f[2]),
                        Double.parseDouble(f[3]) / 1000, Double.parseDouble(f[4]) / 1000, Double.parseDouble(f[5]) / 1000,
                        Double.parseDouble(f[6]) / 1000);
            }
        }
        throw new IllegalStateException("wrk printed no result; see " + output + ":\n" + text);
    }

    /** requests, duration (µs), errors, p50/p90/p99/max latency (µs). */
    private static final String DONE = """

            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("WRK-RESULT %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
                e.connect + e.read + e.write + e.timeout + e.status,
                latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
            end
            """;

    /** POST /api/v1/test/run, a unique name per request (thread number and counter), as CI jobs submit. */
    public static final String SUBMIT = """
            local threads = 0
            function setup(thread)
              thread:set("number", threads)
              threads = threads + 1
            end
            local counter = 0
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            request = function()
              counter = counter + 1
              local body = string.format('{"script":"export default function () {}","name":"wrk-%d-%d",'
                .. '"vus":1,"duration":"30s","tags":{"env":"bench","source":"wrk"}}', number, counter)
              return wrk.format(nil, "/api/v1/test/run", nil, body)
            end
            """;

    /** GET /api/v1/test/results/{id} over the ids given as arguments, round robin from a per-thread offset. */
    public static final String POLL = """
            local paths = {}
            local threads = 0
            function setup(thread)
              thread:set("offset", threads * 7)
              threads = threads + 1
            end
            function init(args)
              for i, id in ipairs(args) do paths[i] = "/api/v1/test/results/" .. id end
            end
            local counter = 0
            request = function()
              counter = counter + 1
              return wrk.format("GET", paths[((counter + offset) % #paths) + 1])
            end
            """;
}
