package dev.k6runner.runner.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** All or nothing: N segments on N free slots, on distinct runners first, segment 0 on the claiming runner. */
class SegmentPlacementTest {

    @Test
    void eachSegmentGoesToADistinctRunnerWhenEnoughHaveAFreeSlot() {
        Map<String, Integer> free = slots("me", 2, "b", 1, "c", 3, "d", 0);

        assertThat(SegmentPlacement.choose(3, "me", free)).contains(List.of("me", "c", "b"));
    }

    @Test
    void runnersWithSeveralFreeSlotsTakeASecondSegmentOnlyWhenDistinctRunnersRunOut() {
        Map<String, Integer> free = slots("me", 2, "b", 2);

        assertThat(SegmentPlacement.choose(4, "me", free)).contains(List.of("me", "b", "b", "me"));
    }

    @Test
    void aTestThatDoesNotFitIsNotPlacedAtAll() {
        Map<String, Integer> free = slots("me", 1, "b", 1, "c", 0);

        assertThat(SegmentPlacement.choose(3, "me", free)).isEqualTo(Optional.empty());
    }

    private static Map<String, Integer> slots(Object... pairs) {
        Map<String, Integer> free = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            free.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return free;
    }
}
