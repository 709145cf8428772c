package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

class StatisticsTest extends GatewayIntegrationTest {

    @Test
    void computesTotalsRatesSeveritiesTypesAndTheDailyTrend() {
        Team team = newTeam(20);
        // the runs seeded "today" must still be today's when the statistics are read: never straddle midnight UTC
        await().atMost(Duration.ofSeconds(45)).until(() -> secondsToMidnightUtc() > 30);
        Instant today = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(1);
        Instant yesterday = today.minus(1, ChronoUnit.DAYS);
        UUID a = Seeds.run(jdbc, team.id(), "s", "completed", today);
        Seeds.summary(jdbc, a, true, "critical", 100, 200, 12.0);
        Seeds.anomaly(jdbc, a, team.id(), today, "high_error_rate", "critical");
        Seeds.anomaly(jdbc, a, team.id(), today, "slow_p95", "high");
        UUID b = Seeds.run(jdbc, team.id(), "s", "completed", yesterday);
        Seeds.summary(jdbc, b, false, "none", 100, 100, 0.0);
        UUID c = Seeds.run(jdbc, team.id(), "s", "completed", yesterday);
        Seeds.summary(jdbc, c, true, "low", 100, 300, 2.0);
        Seeds.anomaly(jdbc, c, team.id(), yesterday, "slow_p95", "low");
        UUID d = Seeds.run(jdbc, team.id(), "s", "completed", today);
        Seeds.summary(jdbc, d, false, "none", 100, 100, 0.0);
        Seeds.run(jdbc, team.id(), "s", "failed", today);
        Seeds.run(jdbc, team.id(), "s", "completed", today.minus(30, ChronoUnit.DAYS));

        JsonNode stats = get(team, "/api/v1/test/statistics?days=7").json();

        assertThat(stats.get("period_days").asInt()).isEqualTo(7);
        assertThat(stats.get("total_tests").asLong()).isEqualTo(5);
        assertThat(stats.get("completed_tests").asLong()).isEqualTo(4);
        assertThat(stats.get("failed_tests").asLong()).isEqualTo(1);
        assertThat(stats.get("tests_with_anomalies").asLong()).isEqualTo(2);
        assertThat(stats.get("anomaly_rate").asDouble()).isEqualTo(50.0);
        assertThat(stats.get("severity_breakdown").get("critical").asLong()).isEqualTo(1);
        assertThat(stats.get("severity_breakdown").get("low").asLong()).isEqualTo(1);
        assertThat(stats.get("severity_breakdown").get("medium").asLong()).isZero();
        assertThat(stats.get("anomaly_types").get("slow_p95").asLong()).isEqualTo(2);
        assertThat(stats.get("anomaly_types").get("high_error_rate").asLong()).isEqualTo(1);
        JsonNode daily = stats.get("daily");
        assertThat(daily).hasSize(7);
        JsonNode last = daily.get(6);
        assertThat(last.get("date").asString()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(last.get("tests").asLong()).isEqualTo(3);
        assertThat(last.get("anomalies").asLong()).isEqualTo(1);
        assertThat(last.get("avg_p95_response_time_ms").asDouble()).isEqualTo(150.0);
        assertThat(last.get("avg_error_rate").asDouble()).isEqualTo(6.0);
        assertThat(daily.get(5).get("tests").asLong()).isEqualTo(2);
        assertThat(daily.get(0).get("tests").asLong()).isZero();
        assertThat(daily.get(0).get("avg_p95_response_time_ms").isNull()).isTrue();
    }

    private static long secondsToMidnightUtc() {
        Instant now = Instant.now();
        return Duration.between(now, LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()).toSeconds();
    }
}
