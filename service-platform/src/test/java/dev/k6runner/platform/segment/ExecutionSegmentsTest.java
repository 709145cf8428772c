package dev.k6runner.platform.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.k6runner.model.Segment;

/**
 * The split of a test into N segments does exactly what one k6 process does, for every executor type: checked with
 * k6's own segment arithmetic (lib/execution_segment.go, ported in {@link StripedSequence}), with the worked example
 * in its documentation, and against the recording execution-segments (two real k6 processes).
 */
class ExecutionSegmentsTest {

    private static final Path RECORDING = Path.of("../k6-standin/src/main/resources/k6-recordings/execution-segments");

    @Test
    void twoSegmentsAreTheFlagsOfTheRecording() throws IOException {
        List<Segment> segments = ExecutionSegments.split(2);
        for (Segment segment : segments) {
            String recorded = Files.readString(RECORDING.resolve("segment-" + segment.index() + "/command.txt")).strip();
            assertThat(recorded).contains(String.join(" ", ExecutionSegments.flags(segment)) + " ");
        }
    }

    @Test
    void nSegmentsCoverZeroToOneInEqualParts() {
        assertThat(ExecutionSegments.split(1)).containsExactly(new Segment(0, 1, "0:1", "0,1"));
        assertThat(ExecutionSegments.split(4)).extracting(Segment::executionSegment)
                .containsExactly("0:1/4", "1/4:1/2", "1/2:3/4", "3/4:1");
        assertThat(ExecutionSegments.split(4).getFirst().sequence()).isEqualTo("0,1/4,1/2,3/4,1");
    }

    @Test
    void scalingMatchesTheWorkedExampleInK6sDocumentation() {
        // execution_segment.go, ExecutionTuple: segments 0:1/2, 1/2:3/4, 3/4:1 and values 1..12
        StripedSequence sequence = new StripedSequence(4, 2, 1, 1);
        assertThat(LongStreams.scaled(sequence, 0, 12)).containsExactly(1L, 1L, 2L, 2L, 3L, 3L, 4L, 4L, 5L, 5L, 6L, 6L);
        assertThat(LongStreams.scaled(sequence, 1, 12)).containsExactly(0L, 1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L, 3L, 3L, 3L);
        assertThat(LongStreams.scaled(sequence, 2, 12)).containsExactly(0L, 0L, 0L, 1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L, 3L);
        StripedSequence.Retuple first = new StripedSequence.Retuple(sequence, 0);
        StripedSequence.Retuple third = new StripedSequence.Retuple(sequence, 2);
        assertThat(LongStreams.owned(first, 12)).containsExactly(0L, 2L, 4L, 6L, 8L, 10L);
        assertThat(LongStreams.owned(third, 12)).containsExactly(3L, 7L, 11L);
    }

    @Test
    void sharedIterationsOfTheRecordingGiveEachSegmentTwoVusAndAHundredIterations() throws IOException {
        StripedSequence two = StripedSequence.equal(2);
        for (int segment = 0; segment < 2; segment++) {
            K6Executor share = K6Executor.sharedIterations(two, segment, 4, 200);
            assertThat(share).isEqualTo(new K6Executor("shared-iterations", 2, 100));
            String stdout = Files.readString(RECORDING.resolve("segment-" + segment + "/stdout.txt"));
            assertThat(stdout).contains("100 iterations shared among 2 VUs");
        }
        assertThat(Files.readString(RECORDING.resolve("whole/stdout.txt"))).contains("200 iterations shared among 4 VUs");
    }

    @Test
    void sharedIterationsSumToTheWholeForAnyCountOfSegments() {
        forEverySplit((sequence, n) -> {
            for (long vus : new long[] {1, 3, 4, 7, 10}) {
                for (long iterations : new long[] {1, 5, 199, 200, 1001}) {
                    long total = sum(n, s -> K6Executor.sharedIterations(sequence, s, vus, iterations).iterations());
                    long totalVus = sum(n, s -> K6Executor.sharedIterations(sequence, s, vus, iterations).vus());
                    assertThat(total).as("%d iterations over %d VUs in %d segments", iterations, vus, n).isEqualTo(iterations);
                    assertThat(totalVus).isEqualTo(vus);
                }
            }
        });
    }

    @Test
    void perVuIterationsSumToTheWholeForAnyCountOfSegments() {
        forEverySplit((sequence, n) -> {
            for (long vus : new long[] {1, 3, 10, 33}) {
                long total = sum(n, s -> K6Executor.perVuIterations(sequence, s, vus, 7).iterations());
                assertThat(total).isEqualTo(vus * 7);
            }
        });
    }

    @Test
    void constantVusSumToTheWholeForAnyCountOfSegments() {
        forEverySplit((sequence, n) -> {
            for (long vus = 1; vus <= 50; vus++) {
                long fixed = vus;
                assertThat(sum(n, s -> K6Executor.constantVus(sequence, s, fixed).vus())).isEqualTo(vus);
            }
        });
    }

    @Test
    void rampingVusSumToTheWholeAtEveryStage() {
        long[] targets = {10, 3, 25, 0};
        forEverySplit((sequence, n) -> {
            List<Long> total = new ArrayList<>(List.of(0L, 0L, 0L, 0L, 0L));
            for (int s = 0; s < n; s++) {
                List<Long> own = K6Executor.rampingVus(sequence, s, 1, targets);
                for (int stage = 0; stage < own.size(); stage++) {
                    total.set(stage, total.get(stage) + own.get(stage));
                }
            }
            assertThat(total).containsExactly(1L, 10L, 3L, 25L, 0L);
        });
    }

    @Test
    void constantArrivalRateSegmentsStartEveryIterationOfTheWholeExactlyOnce() {
        forEverySplit((sequence, n) -> {
            for (long maxVus : new long[] {1, 5, 20}) {
                List<List<Long>> owned = IntStream.range(0, n).mapToObj(s -> K6Executor.constantArrivalRate(sequence, s, 30,
                        Duration.ofSeconds(1), Duration.ofSeconds(10), maxVus)).toList();
                assertPartition(owned, 300, 0);
            }
        });
    }

    @Test
    void rampingArrivalRateSegmentsStartEveryIterationOfTheWholeExactlyOnce() {
        long[] targets = {50, 50, 0};
        Duration[] durations = {Duration.ofSeconds(4), Duration.ofSeconds(6), Duration.ofSeconds(2)};
        forEverySplit((sequence, n) -> {
            for (long maxVus : new long[] {2, 9, 40}) {
                List<List<Long>> owned = IntStream.range(0, n).mapToObj(s -> K6Executor.rampingArrivalRate(sequence, s,
                        maxVus, Duration.ofSeconds(1), 10, targets, durations)).toList();
                // the area: 4 s ramping 10 -> 50 (120) + 6 s at 50 (300) + 2 s ramping 50 -> 0 (50)
                assertPartition(owned, 470, 1);
            }
        });
    }

    private static void assertPartition(List<List<Long>> owned, long whole, long first) {
        Set<Long> all = new HashSet<>();
        owned.forEach(all::addAll);
        assertThat(owned.stream().mapToLong(List::size).sum()).as("iterations started by all segments").isEqualTo(whole);
        assertThat(all).as("no iteration started twice, none missed").hasSize((int) whole)
                .allMatch(i -> i >= first && i < first + whole);
    }

    private interface Split {
        void check(StripedSequence sequence, int n);
    }

    private static void forEverySplit(Split check) {
        for (int n = 1; n <= 8; n++) {
            check.check(StripedSequence.equal(n), n);
        }
    }

    private static long sum(int n, IntFunction<Long> share) {
        return IntStream.range(0, n).mapToLong(s -> share.apply(s)).sum();
    }

    private static final class LongStreams {

        static List<Long> scaled(StripedSequence sequence, int segment, int upTo) {
            return IntStream.rangeClosed(1, upTo).mapToObj(v -> sequence.scale(segment, v)).toList();
        }

        static List<Long> owned(StripedSequence.Retuple tuple, int below) {
            return IntStream.range(0, below).mapToObj(i -> (long) i).filter(tuple::owns).toList();
        }
    }
}
