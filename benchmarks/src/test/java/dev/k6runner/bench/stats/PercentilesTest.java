package dev.k6runner.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOnOneToHundred() {
        List<Integer> values = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            values.add(i);
        }
        Percentiles p = Percentiles.of(values);
        assertThat(p.at(50)).isEqualTo(50);
        assertThat(p.at(95)).isEqualTo(95);
        assertThat(p.at(99)).isEqualTo(99);
        assertThat(p.at(100)).isEqualTo(100);
        assertThat(p.at(0.5)).isEqualTo(1);
        assertThat(p.max()).isEqualTo(100);
        assertThat(p.mean()).isEqualTo(50.5);
    }

    @Test
    void smallSamples() {
        assertThat(Percentiles.of(7.0).at(99)).isEqualTo(7.0);
        assertThat(Percentiles.of(3.0, 1.0).median()).isEqualTo(1.0);
        assertThat(Percentiles.of(3.0, 1.0, 2.0).median()).isEqualTo(2.0);
        assertThat(Percentiles.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 1000.0).at(95)).isEqualTo(1000.0);
        assertThat(Percentiles.of(new double[0]).median()).isNaN();
    }

    @Test
    void rejectsPercentilesOutsideTheRange() {
        assertThatThrownBy(() -> Percentiles.of(1.0).at(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.of(1.0).at(101)).isInstanceOf(IllegalArgumentException.class);
    }
}
