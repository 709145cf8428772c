package dev.k6runner.gateway.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.k6runner.gateway.compare.ChangeTest.Direction;

class ChangeTestTest {

    /** Per-second p95s of a run: lognormal around {@code median} ms, as latencies spread. */
    private static double[] latencies(long seed, int buckets, double median) {
        Random random = new Random(seed);
        double[] values = new double[buckets];
        for (int i = 0; i < buckets; i++) {
            values[i] = median * Math.exp(0.25 * random.nextGaussian());
        }
        return values;
    }

    @Test
    void aTenfoldSlowdownIsARegression() {
        ChangeTest.Outcome outcome = ChangeTest.decide(latencies(1, 120, 40), latencies(2, 120, 400),
                Direction.LOWER_IS_BETTER, 0.10, true);

        assertThat(outcome.verdict()).isEqualTo("regression");
        assertThat(outcome.pValue()).isLessThan(1e-10);
        assertThat(outcome.effect()).isCloseTo(9.0, within(1.0));
    }

    @Test
    void twoSamplesOfTheSameDistributionAreNoChange() {
        for (long seed = 10; seed < 30; seed += 2) {
            ChangeTest.Outcome outcome = ChangeTest.decide(latencies(seed, 120, 40), latencies(seed + 1, 120, 40),
                    Direction.LOWER_IS_BETTER, 0.10, true);
            assertThat(outcome.verdict()).as("seed %d: p=%s effect=%s", seed, outcome.pValue(), outcome.effect())
                    .isEqualTo("no_change");
        }
    }

    @Test
    void higherThroughputIsAnImprovementAndLowerARegression() {
        double[] base = latencies(3, 60, 100);
        double[] more = latencies(4, 60, 150);

        assertThat(ChangeTest.decide(base, more, Direction.HIGHER_IS_BETTER, 0.10, true).verdict()).isEqualTo("improvement");
        assertThat(ChangeTest.decide(more, base, Direction.HIGHER_IS_BETTER, 0.10, true).verdict()).isEqualTo("regression");
    }

    @Test
    void aSignificantShiftSmallerThanTheMinimumEffectIsNoChange() {
        double[] base = latencies(5, 2000, 40);
        double[] head = latencies(6, 2000, 42);

        ChangeTest.Outcome outcome = ChangeTest.decide(base, head, Direction.LOWER_IS_BETTER, 0.10, true);

        assertThat(outcome.pValue()).as("5 %% over 2000 buckets is significant").isLessThan(0.01);
        assertThat(outcome.verdict()).isEqualTo("no_change");
    }

    @Test
    void tooFewBucketsGiveNoVerdict() {
        assertThat(ChangeTest.decide(new double[] {1, 2}, new double[] {100, 200}, Direction.LOWER_IS_BETTER, 0.1, true)
                .verdict()).isEqualTo("no_change");
    }

    @Test
    void theUStatisticsPValueMatchesAKnownExample() {
        // identical samples: no evidence at all
        assertThat(ChangeTest.mannWhitneyP(new double[] {1, 2, 3, 4, 5}, new double[] {1, 2, 3, 4, 5})).isCloseTo(1.0, within(0.01));
        // fully separated samples of 10: z = 3.74 after continuity correction, p ≈ 0.00018
        double[] low = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] high = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
        assertThat(ChangeTest.mannWhitneyP(low, high)).isCloseTo(0.000183, within(0.00002));
    }
}
