package dev.k6runner.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.k6runner.testsupport.process.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a teammate's JMH benchmarks through {@code org.openjdk.jmh.Main} in a child JVM with short iterations
 * and reads its JSON result: per benchmark the primary score and the secondary (auxiliary counter) scores.
 */
public final class JmhRun {

    /** One benchmark method's result; {@code secondary} maps e.g. "mb" to its score. */
    public record Result(String benchmark, Map<String, String> params, String mode, double score, String unit,
                         Map<String, Double> percentiles, Map<String, Double> secondary) {

        public String method() {
            return benchmark.substring(benchmark.lastIndexOf('.') + 1);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JmhRun() {
    }

    /** True when the benchmarks jar lists a benchmark under this package (JMH's generated list). */
    public static boolean available(String packagePrefix) {
        try (InputStream list = JmhRun.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            return list != null && new String(list.readAllBytes(), StandardCharsets.UTF_8).contains(packagePrefix);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param include    JMH's include regex
     * @param extra      further JMH options, e.g. {@code -p bytes=50000000}
     * @param log        JMH's console output goes here
     */
    public static List<Result> run(String include, List<String> extra, Path resultFile, Path log, long timeoutSeconds)
            throws IOException, InterruptedException {
        Files.createDirectories(resultFile.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>(List.of(Repository.javaExecutable(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "org.openjdk.jmh.Main", include, "-rf", "json", "-rff", resultFile.toString()));
        command.addAll(extra);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new IOException("JMH " + include + " did not finish within " + timeoutSeconds + " s; see " + log);
        }
        if (process.exitValue() != 0 || !Files.exists(resultFile)) {
            throw new IOException("JMH " + include + " failed (exit " + process.exitValue() + "); see " + log);
        }
        return parse(Files.readString(resultFile));
    }

    static List<Result> parse(String json) {
        List<Result> results = new ArrayList<>();
        for (JsonNode node : JSON.readTree(json)) {
            Map<String, String> params = new LinkedHashMap<>();
            node.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asString()));
            JsonNode primary = node.path("primaryMetric");
            Map<String, Double> percentiles = new LinkedHashMap<>();
            primary.path("scorePercentiles").properties().forEach(e -> percentiles.put(e.getKey(), e.getValue().asDouble()));
            Map<String, Double> secondary = new LinkedHashMap<>();
            node.path("secondaryMetrics").properties().forEach(e -> secondary.put(e.getKey(), e.getValue().path("score").asDouble()));
            results.add(new Result(node.path("benchmark").asString(), params, node.path("mode").asString(),
                    primary.path("score").asDouble(), primary.path("scoreUnit").asString(), percentiles, secondary));
        }
        return results;
    }
}
