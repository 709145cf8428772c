package dev.k6runner.bench.fairness;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.k6runner.bench.report.Report;

/**
 * Issue 16's fairness targets, simulated with the runners' own policy ({@code FairOrder}) over random run
 * durations: (a) team A has 500 runs queued and holds every slot, team B submits 5: B's first run must start
 * at the next slot turnover; (b) two teams with backlogs that never empty share the slots over 10 simulated
 * minutes by weight: 50/50 ± 5 % with equal weights, 2:1 (66.7/33.3 ± 5 %) with weights 2 and 1.
 *
 * <pre>
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath) dev.k6runner.bench.fairness.FairnessSimulation
 * </pre>
 */
public final class FairnessSimulation {

    static final int SLOTS = 10;
    static final double MIX_SECONDS = 600;

    /** B's wait for its first start, against the wait for the next slot to free after B submitted. */
    record Burst(double submittedAt, double firstStartAt, double nextSlotFreeAt, double meanTurnoverSeconds) {

        double waitSeconds() {
            return firstStartAt - submittedAt;
        }

        boolean withinOneTurnover() {
            return firstStartAt <= nextSlotFreeAt;
        }
    }

    /** Each team's share of the slot-seconds used in the mix. */
    record Split(double shareA, double shareB, double slotSecondsA, double slotSecondsB) {
    }

    private FairnessSimulation() {
    }

    /** (a): runs of 10–120 s on {@link #SLOTS} slots; B submits 30 s in, while A's backlog is still deep. */
    static Burst burst(long seed) {
        SlotSimulation.DurationRange durations = new SlotSimulation.DurationRange(10, 120);
        SlotSimulation fleet = new SlotSimulation(SLOTS, seed, List.of(
                new SlotSimulation.Team("team-a", 1, null, durations), new SlotSimulation.Team("team-b", 1, null, durations)));
        fleet.submit("team-a", 500);
        fleet.runUntil(30);
        List<UUID> b = fleet.submit("team-b", 5);
        double submittedAt = fleet.now();
        while (fleet.startedAt(b.getFirst()).isEmpty()) {
            fleet.runUntil(fleet.now() + 1);
        }
        double nextFree = fleet.firstSlotFreeAfter(submittedAt).orElseThrow();
        return new Burst(submittedAt, fleet.startedAt(b.getFirst()).orElseThrow(), nextFree, (10 + 120) / 2.0 / SLOTS);
    }

    /**
     * (b): A's runs last 5–60 s, B's 30–300 s, so the split is not an artefact of equal durations; both
     * backlogs stay non-empty for the whole {@link #MIX_SECONDS}.
     */
    static Split mix(long seed, int slots, int weightA, int weightB) {
        SlotSimulation fleet = new SlotSimulation(slots, seed, List.of(
                new SlotSimulation.Team("team-a", weightA, null, new SlotSimulation.DurationRange(5, 60)),
                new SlotSimulation.Team("team-b", weightB, null, new SlotSimulation.DurationRange(30, 300))));
        fleet.submit("team-a", 2000);
        fleet.submit("team-b", 2000);
        fleet.runUntil(MIX_SECONDS);
        if (fleet.queued("team-a") == 0 || fleet.queued("team-b") == 0) {
            throw new IllegalStateException("a backlog ran dry: the mix no longer measures sharing");
        }
        Map<String, Double> seconds = fleet.slotSecondsUntil(MIX_SECONDS);
        double a = seconds.get("team-a");
        double b = seconds.get("team-b");
        return new Split(a / (a + b), b / (a + b), a, b);
    }

    public static void main(String[] args) {
        Report report = new Report("simulated time, " + SLOTS + " slots, FairOrder.next as the runners call it");
        addTo(report, 20);
        System.out.println(report.markdown());
    }

    /** The figures over {@code seeds} seeded runs: their worst case and range. */
    public static void addTo(Report report, int seeds) {
        List<Double> waits = new java.util.ArrayList<>();
        int within = 0;
        for (int seed = 1; seed <= seeds; seed++) {
            Burst burst = burst(seed);
            waits.add(burst.waitSeconds());
            within += burst.withinOneTurnover() ? 1 : 0;
        }
        java.util.Collections.sort(waits);
        report.add("fairness", "team B's first start behind team A's 500 queued", "%d/%d seeds: the next run to start"
                .formatted(within, seeds), "steady-state turnover every %.1f s on average".formatted((10 + 120) / 2.0 / SLOTS),
                "-", "%d slots, runs 10–120 s, B submits 5 runs 30 s in; B's wait (= until the next slot frees) median %.1f s, worst %.1f s"
                        .formatted(SLOTS, waits.get(waits.size() / 2), waits.getLast()));
        split(report, seeds, SLOTS, 1, 1, 0.5);
        split(report, seeds, SLOTS, 2, 1, 2.0 / 3);
        split(report, seeds, 12, 2, 1, 2.0 / 3);
    }

    private static void split(Report report, int seeds, int slots, int weightA, int weightB, double target) {
        double low = 1;
        double high = 0;
        for (int seed = 1; seed <= seeds; seed++) {
            double share = mix(seed, slots, weightA, weightB).shareA();
            low = Math.min(low, share);
            high = Math.max(high, share);
        }
        boolean met = low >= target - 0.05 && high <= target + 0.05;
        report.add("fairness", "slot-seconds of team A, weights %d:%d".formatted(weightA, weightB),
                "%.1f–%.1f %%".formatted(low * 100, high * 100), "target %.1f %% ± 5".formatted(target * 100),
                met ? "met" : "NOT met", "%d slots, 10 simulated minutes, A's runs 5–60 s, B's 30–300 s, %d seeds"
                        .formatted(slots, seeds));
    }
}
