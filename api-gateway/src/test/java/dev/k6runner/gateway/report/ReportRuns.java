package dev.k6runner.gateway.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The runs the report tests draw: a baseline and a degrading run of one test, a failed one, a live one. */
final class ReportRuns {

    static final String RUNNER = "k6-runner-report-1";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The pinned baseline's id as the fixture's analysis names it; replaced by the seeded baseline's id. */
    private static final String FIXTURE_BASELINE = "00000000-0000-0000-0000-00000000ba5e";

    private final StoredRuns stored;

    ReportRuns(StoredRuns stored) {
        this.stored = stored;
        stored.runner(RUNNER);
    }

    record Pair(UUID baseline, UUID degrading) {
    }

    /** The checkout test's baseline run, then a run of it that degraded, compared with that pinned baseline. */
    Pair degradingAfterBaseline(String team, String name) {
        Instant start = Instant.parse("2026-11-30T10:00:00Z");
        UUID baseline = stored.run(team, name, "running", start, RUNNER);
        stored.finish(baseline, RUNNER, "completed", StoredRuns.fixture("checkout-baseline"), start.plusSeconds(121));
        UUID degrading = stored.run(team, name, "running", start.plusSeconds(3600), RUNNER);
        String result = StoredRuns.fixture("checkout-degrading").toString().replace(FIXTURE_BASELINE, baseline.toString());
        ObjectNode degraded = (ObjectNode) JSON.readTree(result);
        withGeneratorCpu(degraded);
        stored.finish(degrading, RUNNER, "completed", degraded, start.plusSeconds(3722));
        return new Pair(baseline, degrading);
    }

    /**
     * The runner's per-second CPU of k6, which the recording cannot hold (it has no /proc samples): bucket i gets
     * {@link #cpuAt}. The baseline run keeps none, as a run of a runner older than the series.
     */
    private static void withGeneratorCpu(ObjectNode result) {
        tools.jackson.databind.JsonNode timeline = result.path("digest").path("timeline");
        for (int i = 0; i < timeline.size(); i++) {
            ((ObjectNode) timeline.get(i)).put("generatorCpuPercent", cpuAt(i));
        }
    }

    static double cpuAt(int bucket) {
        return 20 + bucket % 40;
    }

    UUID failed(String team, String name) {
        UUID id = stored.run(team, name, "running", Instant.now().minusSeconds(3), RUNNER);
        stored.fail(id, "script error (k6 exit 107): SyntaxError: script.js: Unexpected token, expected , (4:0)",
                resource("syntax-error-stderr.txt"), 107);
        return id;
    }

    UUID live(String team, String name) {
        UUID id = stored.run(team, name, "running", Instant.now().minusSeconds(30), RUNNER);
        stored.progress(id, 30.2, 1200, 12, 8);
        return id;
    }

    void finish(UUID id, ObjectNode result) {
        stored.finish(id, RUNNER, "completed", result, Instant.now());
    }

    static String resource(String name) {
        try (InputStream in = ReportRuns.class.getResourceAsStream("/report/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
