package dev.k6runner.analyzer.timeline;

import static dev.k6runner.analyzer.Fixtures.point;
import static dev.k6runner.analyzer.Fixtures.timeline;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.k6runner.analyzer.Fixtures;
import dev.k6runner.analyzer.analysis.Anomaly;
import dev.k6runner.model.EndpointStats;
import dev.k6runner.model.Severity;
import dev.k6runner.model.TimelinePoint;

class TimelineAnalyzerTest {

    private final TimelineAnalyzer analyzer = new TimelineAnalyzer(TimelineProperties.defaults());

    @Test
    void healthyRunStaysQuiet() {
        assertThat(analyzer.evaluate(Fixtures.digest(Fixtures.healthyTimeline(), healthyEndpoints()))).isEmpty();
        assertThat(analyzer.evaluate(null)).isEmpty();
        assertThat(analyzer.evaluate(Fixtures.digest(List.of(), List.of()))).isEmpty();
    }

    /** p95 creeps from 40 to 160 ms at constant VUs: the whole-run p95 (about 100 ms) breaks no rule. */
    @Test
    void latencyDegradingAtConstantLoad() {
        List<TimelinePoint> creeping = timeline(60, second -> point(second, 100, 0, 10, 40 + 2 * second));
        Anomaly anomaly = single(analyzer.evaluate(Fixtures.digest(creeping, List.of())), "latency_degradation");
        assertThat(anomaly.message()).contains("constant 10 VUs").contains("first third");
        assertThat(anomaly.observed()).isGreaterThan(130.0);
        assertThat(anomaly.source()).isEqualTo(Anomaly.TIMELINE);
        // the first third's median p95 is 59 ms; the degradation starts where 40 + 2s first reaches 59 × factor
        double bound = 59 * TimelineProperties.defaults().degradationFactor();
        assertThat(anomaly.startedAt()).isEqualTo(Instant.ofEpochSecond(Fixtures.START + (long) Math.ceil((bound - 40) / 2)));
        assertThat(anomaly.endedAt()).isNull();
    }

    @Test
    void smallAbsoluteIncreasesAreNoDegradation() {
        List<TimelinePoint> tiny = timeline(60, second -> point(second, 100, 0, 10, 2 + second / 10.0));
        assertThat(analyzer.evaluate(Fixtures.digest(tiny, List.of()))).isEmpty();
    }

    /** 3 s of 60 % errors in a 60 s run: 3 % overall, under the 5 % rule. */
    @Test
    void errorBurstHiddenInAHealthyAverage() {
        List<TimelinePoint> burst = timeline(60, second -> point(second, 100, second >= 30 && second < 33 ? 60 : 0, 10, 50));
        Anomaly anomaly = single(analyzer.evaluate(Fixtures.digest(burst, List.of())), "error_burst");
        assertThat(anomaly.message()).contains("+30s to +33s").contains("180 of 300");
        assertThat(anomaly.observed()).isEqualTo(60.0);
        assertThat(anomaly.severity()).isEqualTo(Severity.HIGH);
        assertThat(anomaly.startedAt()).isEqualTo(Instant.ofEpochSecond(Fixtures.START + 30));
        assertThat(anomaly.endedAt()).isEqualTo(Instant.ofEpochSecond(Fixtures.START + 33));
    }

    @Test
    void steadyErrorsAreNoBurst() {
        List<TimelinePoint> steady = timeline(60, second -> point(second, 100, 20, 10, 50));
        assertThat(analyzer.evaluate(Fixtures.digest(steady, List.of()))).isEmpty();
    }

    /** VUs ramp 1→20; throughput grows to 100 req/s at 10 VUs, then stays while p95 climbs. */
    @Test
    void saturationPointWithItsVuLevel() {
        List<TimelinePoint> ramp = timeline(40, second -> {
            int vus = second / 2 + 1;
            long rps = Math.min(vus * 10L, 100L);
            double p95 = vus <= 10 ? 100 : vus * 10.0;
            return point(second, rps, 0, vus, p95);
        });
        Anomaly anomaly = single(analyzer.evaluate(Fixtures.digest(ramp, List.of())), "saturation_point");
        assertThat(anomaly.observed()).isEqualTo(10.0);
        assertThat(anomaly.message()).contains("about 10 VUs").contains("100 req/s");
        assertThat(anomaly.startedAt()).as("the VUs first reach 10 at second 18").isEqualTo(Instant.ofEpochSecond(Fixtures.START + 18));
    }

    @Test
    void linearScalingRampIsNoSaturation() {
        List<TimelinePoint> ramp = timeline(40, second -> point(second, (second / 2 + 1) * 10L, 0, second / 2 + 1, 100 + second % 3));
        assertThat(analyzer.evaluate(Fixtures.digest(ramp, List.of()))).isEmpty();
    }

    @Test
    void endpointResponsibleForMostErrors() {
        List<EndpointStats> endpoints = List.of(
                new EndpointStats("GET", "/ok", "200", 900, 0, 20, 30, 40),
                new EndpointStats("GET", "/cart", "200", 90, 0, 25, 35, 40),
                new EndpointStats("GET", "/cart", "500", 30, 30, 5, 8, 9),
                new EndpointStats("POST", "/order", "503", 2, 2, 5, 8, 9));
        Anomaly anomaly = single(analyzer.evaluate(Fixtures.digest(List.of(), endpoints)), "error_hotspot");
        assertThat(anomaly.message()).contains("GET /cart (30 of 120 failed, statuses 500)");
        assertThat(anomaly.message()).doesNotContain("/ok");
    }

    /** One endpoint with 5 % of the traffic at 3 s: the run's average stays near 170 ms. */
    @Test
    void slowEndpointHiddenInTheAverage() {
        List<EndpointStats> endpoints = List.of(
                new EndpointStats("GET", "/ok", "200", 950, 0, 20, 30, 40),
                new EndpointStats("GET", "/report", "200", 50, 0, 3000, 3500, 4000));
        Anomaly anomaly = single(analyzer.evaluate(Fixtures.digest(List.of(), endpoints)), "slow_endpoint");
        assertThat(anomaly.message()).contains("GET /report averaged 3000 ms");
        assertThat(anomaly.observed()).isEqualTo(3000.0);
    }

    /**
     * Calls made once or a few times (setup's login, a reset before the load) are no yardstick and no finding: as in
     * the demo's degrading sample with real k6, where one setup call at 0.38 ms made the loaded endpoint "×331".
     */
    @Test
    void aFewCallsAreNeitherASlowEndpointNorTheYardstick() {
        List<EndpointStats> loadAndAReset = List.of(
                new EndpointStats("GET", "/degrading", "200", 2400, 0, 125.5, 234.5, 244.9),
                new EndpointStats("GET", "/reset", "200", 1, 0, 0.38, 0.38, 0.38));
        assertThat(analyzer.evaluate(Fixtures.digest(List.of(), loadAndAReset))).extracting(Anomaly::type)
                .doesNotContain("slow_endpoint");

        List<EndpointStats> aSlowLoginOnce = List.of(
                new EndpointStats("GET", "/ok", "200", 950, 0, 20, 30, 40),
                new EndpointStats("POST", "/login", "200", 5, 0, 3000, 3500, 4000));
        assertThat(analyzer.evaluate(Fixtures.digest(List.of(), aSlowLoginOnce))).extracting(Anomaly::type)
                .doesNotContain("slow_endpoint");
    }

    private static List<EndpointStats> healthyEndpoints() {
        return List.of(new EndpointStats("GET", "/a", "200", 3000, 0, 40, 50, 60),
                new EndpointStats("GET", "/b", "200", 2970, 0, 45, 55, 70),
                new EndpointStats("GET", "/b", "500", 30, 30, 5, 6, 7));
    }

    private static Anomaly single(List<Anomaly> found, String type) {
        assertThat(found).as("findings").extracting(Anomaly::type).containsExactly(type);
        return found.getFirst();
    }
}
