package dev.k6runner.analyzer.merge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.k6runner.model.RunFinished;
import dev.k6runner.model.RunStatus;
import dev.k6runner.runner.stream.FoldLimits;
import dev.k6runner.runner.stream.MetricStreamFolder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real k6 runs under src/test/resources/recordings (copied from the shared k6 reference): each folded
 * by the runner's own stream fold into the result a runner would publish.
 */
final class Recordings {

    static final UUID RUN = UUID.fromString("00000000-0000-0000-0000-000000000018");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Recordings() {
    }

    static RunFinished result(String folder) {
        MetricStreamFolder folder0 = new MetricStreamFolder(FoldLimits.defaults());
        try (InputStream in = resource(folder, "metrics.ndjson")) {
            folder0.consume(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int exit = Integer.parseInt(text(folder, "exit-code.txt").strip());
        RunStatus outcome = exit == 0 || exit == 99 ? RunStatus.COMPLETED : RunStatus.FAILED;
        return new RunFinished(RUN, UUID.nameUUIDFromBytes(folder.getBytes(StandardCharsets.UTF_8)), "runner-" + folder,
                outcome, null, exit, text(folder, "summary-export.json"), "k6 of " + folder + "\n",
                folder0.digest(null), Instant.parse("2026-12-02T01:21:00Z"), Instant.parse("2026-12-02T01:21:03Z"));
    }

    static JsonNode summary(String folder) {
        return JSON.readTree(text(folder, "summary-export.json"));
    }

    static JsonNode json(String document) {
        return JSON.readTree(document);
    }

    /** Every sample of one metric in a recorded stream, sorted. */
    static double[] samples(String folder, String metric) {
        List<Double> values = new ArrayList<>();
        for (String line : text(folder, "metrics.ndjson").split("\n")) {
            JsonNode node = JSON.readTree(line);
            if ("Point".equals(node.path("type").asString()) && metric.equals(node.path("metric").asString())) {
                values.add(node.get("data").get("value").asDouble());
            }
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    /** Every sample of one metric as {epoch second, value}, in stream order. */
    static List<Double[]> timedSamples(String folder, String metric) {
        List<Double[]> samples = new ArrayList<>();
        for (String line : text(folder, "metrics.ndjson").split("\n")) {
            JsonNode node = JSON.readTree(line);
            if ("Point".equals(node.path("type").asString()) && metric.equals(node.path("metric").asString())) {
                long second = Instant.parse(node.get("data").get("time").asString()).getEpochSecond();
                samples.add(new Double[] {(double) second, node.get("data").get("value").asDouble()});
            }
        }
        return samples;
    }

    /** k6's TrendSink.P: linear between the sorted samples around rank p * (n - 1). */
    static double exactPercentile(double[] sorted, double p) {
        double rank = p * (sorted.length - 1);
        double below = sorted[(int) Math.floor(rank)];
        double above = sorted[(int) Math.ceil(rank)];
        return below + (above - below) * (rank - Math.floor(rank));
    }

    static double[] union(double[] a, double[] b) {
        double[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        return all;
    }

    private static String text(String folder, String file) {
        try (InputStream in = resource(folder, file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String folder, String file) {
        return Objects.requireNonNull(Recordings.class.getResourceAsStream("/recordings/" + folder + "/" + file),
                folder + "/" + file);
    }
}
