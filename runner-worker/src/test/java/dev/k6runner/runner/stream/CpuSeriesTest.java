package dev.k6runner.runner.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.k6runner.model.RunDigest;
import dev.k6runner.model.TimelinePoint;

/** The load generator's CPU joined onto the timeline: bucket by bucket, bounded, on the recorded stream. */
class CpuSeriesTest {

    @Test
    void aBucketTakesTheMeanOfTheSamplesInItsSecondsAndIsNullWithoutOne() {
        CpuSeries series = new CpuSeries(900);
        series.record(100, 40);
        series.record(101, 60);
        series.record(103, 90);
        assertThat(series.averageOver(100, 2)).isEqualTo(50.0);
        assertThat(series.averageOver(102, 1)).isNull();
        assertThat(series.averageOver(103, 1)).isEqualTo(90.0);
    }

    @Test
    void aFourHourSeriesStaysWithinItsCapAndKeepsTheMeanOfEveryBucket() {
        CpuSeries series = new CpuSeries(900);
        for (long second = 0; second < 4 * 3600; second++) {
            series.record(1_790_000_000L + second, second < 2 * 3600 ? 30 : 70);
        }
        assertThat(series.size()).isLessThanOrEqualTo(900);
        assertThat(series.averageOver(1_790_000_000L, 4 * 3600)).isEqualTo(50.0);
        // a narrow question inside one wide bucket is answered by that bucket
        assertThat(series.averageOver(1_790_000_000L + 3 * 3600, 1)).isEqualTo(70.0);
    }

    @Test
    void theRecordedStreamsTimelineCarriesTheCpuOfEachOfItsSeconds() throws Exception {
        RunDigest plain = Recording.fold("stages", FoldLimits.defaults()).digest(null);
        CpuSeries series = new CpuSeries(900);
        List<TimelinePoint> timeline = plain.timeline();
        for (int i = 0; i < timeline.size(); i++) {
            series.record(timeline.get(i).epochSecond(), 10 + i);
        }
        RunDigest withCpu = Recording.fold("stages", FoldLimits.defaults()).digest(null, series);
        assertThat(withCpu.timeline()).hasSameSizeAs(timeline);
        for (int i = 0; i < timeline.size(); i++) {
            assertThat(withCpu.timeline().get(i).generatorCpuPercent()).isEqualTo(10.0 + i);
            assertThat(withCpu.timeline().get(i).withGeneratorCpu(null)).isEqualTo(timeline.get(i));
        }
    }
}
