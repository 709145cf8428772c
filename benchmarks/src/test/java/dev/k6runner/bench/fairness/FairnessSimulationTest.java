package dev.k6runner.bench.fairness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FairnessSimulationTest {

    @Test
    void aTeamBehindAnotherTeamsBacklogOfFiveHundredStartsAtTheNextSlotTurnover() {
        for (long seed = 1; seed <= 20; seed++) {
            FairnessSimulation.Burst burst = FairnessSimulation.burst(seed);
            assertThat(burst.firstStartAt()).as("seed %d", seed).isEqualTo(burst.nextSlotFreeAt());
        }
    }

    @Test
    void equalWeightsSplitSlotSecondsHalfAndHalfWithinFivePercent() {
        for (long seed = 1; seed <= 20; seed++) {
            assertThat(FairnessSimulation.mix(seed, FairnessSimulation.SLOTS, 1, 1).shareA()).as("seed %d", seed).isBetween(0.45, 0.55);
        }
    }

    @Test
    void weightsTwoToOneSplitSlotSecondsTwoThirdsToOneThirdWithinFivePercentWhereTheSlotsDivideByThree() {
        for (long seed = 1; seed <= 20; seed++) {
            assertThat(FairnessSimulation.mix(seed, 12, 2, 1).shareA()).as("seed %d", seed).isBetween(2.0 / 3 - 0.05, 2.0 / 3 + 0.05);
        }
    }
}
