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

    private static final Duration PROMPT = Duration.ofMillis(5);

    @Test
    void leasesAreJudgedOnlyAfterTheDatabaseWasSeenForTheQuietPeriod() {
        DatabaseContinuity continuity = new DatabaseContinuity(clock, Duration.ofSeconds(1), Duration.ofSeconds(30));
        Duration quiet = Duration.ofSeconds(15);
        assertThat(continuity.reachableFor(quiet)).as("never seen yet").isFalse();
        continuity.seen(PROMPT);
        now = now.plusSeconds(14);
        continuity.seen(PROMPT);
        assertThat(continuity.reachableFor(quiet)).isFalse();
        now = now.plusSeconds(1);
        assertThat(continuity.reachableFor(quiet)).isTrue();

        continuity.failed();
        assertThat(continuity.reachableFor(quiet)).as("a pass failed: runners may not have heartbeated").isFalse();
        continuity.seen(PROMPT);
        now = now.plusSeconds(14);
        assertThat(continuity.reachableFor(quiet)).isFalse();
        now = now.plusSeconds(1);
        assertThat(continuity.reachableFor(quiet)).isTrue();
    }

    @Test
    void aProbeThatWaitedThroughAnOutageAndThenGotItsAnswerStartsTheQuietPeriodAgain() {
        DatabaseContinuity continuity = new DatabaseContinuity(clock, Duration.ofSeconds(1), Duration.ofSeconds(30));
        Duration quiet = Duration.ofSeconds(15);
        continuity.seen(PROMPT);
        now = now.plusSeconds(20);
        assertThat(continuity.reachableFor(quiet)).isTrue();

        now = now.plusSeconds(4);
        continuity.seen(Duration.ofSeconds(4));
        assertThat(continuity.reachableFor(quiet)).as("nothing failed, but the pool sat through a 4 s outage").isFalse();
        now = now.plusSeconds(15);
        continuity.seen(PROMPT);
        assertThat(continuity.reachableFor(quiet)).isTrue();
    }

    @Test
    void aProbeHeldBackByAnotherPassThatSatThroughAnOutageStartsTheQuietPeriodAgain() {
        DatabaseContinuity continuity = new DatabaseContinuity(clock, Duration.ofSeconds(1), Duration.ofSeconds(1));
        Duration quiet = Duration.ofSeconds(5);
        for (int second = 0; second <= 5; second++) {
            continuity.seen(PROMPT);
            now = now.plusSeconds(1);
        }
        assertThat(continuity.reachableFor(quiet)).isTrue();

        now = now.plusSeconds(3); // the one maintenance thread waited in another pass for a hung database
        continuity.seen(PROMPT);
        assertThat(continuity.reachableFor(quiet)).as("the probe answered at once, but 4 s after the previous one").isFalse();
        for (int second = 0; second < 5; second++) {
            now = now.plusSeconds(1);
            continuity.seen(PROMPT);
        }
        assertThat(continuity.reachableFor(quiet)).isTrue();
    }
}
