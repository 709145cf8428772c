package dev.k6runner.gateway.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class DatabaseContinuityTest {

    private Instant now = Instant.parse("2026-11-24T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void leasesAreJudgedOnlyAfterTheDatabaseWasReachableForTheQuietPeriod() {
        DatabaseContinuity continuity = new DatabaseContinuity(clock);
        Duration quiet = Duration.ofSeconds(15);
        assertThat(continuity.reachableFor(quiet)).as("just started").isFalse();
        now = now.plusSeconds(15);
        assertThat(continuity.reachableFor(quiet)).isTrue();

        continuity.failed();
        now = now.plusSeconds(14);
        assertThat(continuity.reachableFor(quiet)).as("runners may not have heartbeated since the blip").isFalse();
        now = now.plusSeconds(1);
        assertThat(continuity.reachableFor(quiet)).isTrue();
    }
}
