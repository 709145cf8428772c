package dev.k6runner.gateway.statistics;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.k6runner.gateway.teams.Caller;
import dev.k6runner.gateway.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code GET /api/v1/test/statistics?days=N}: aggregates computed by Postgres, never by loading runs. */
@RestController
@Tag(name = "statistics")
class StatisticsController {

    static final int MAX_DAYS = 366;

    record Daily(LocalDate date, long tests, long anomalies, Double avgP95ResponseTimeMs, Double avgErrorRate) {
    }

    record Statistics(int periodDays, long totalTests, long completedTests, long failedTests, long testsWithAnomalies,
                      double anomalyRate, Map<String, Long> severityBreakdown, Map<String, Long> anomalyTypes,
                      List<Daily> daily) {
    }

    private final StatisticsQuery query;

    StatisticsController(StatisticsQuery query) {
        this.query = query;
    }

    @Operation(summary = "Totals, anomaly rate, severities, anomaly types and a daily trend over the last `days` (1..366, default 7)",
            description = "Runs submitted in the last `days` UTC days, today included. `anomaly_rate` is the percentage of completed tests with "
                    + "anomalies (0 when none completed). `severity_breakdown` counts runs by their overall severity; "
                    + "`anomaly_types` counts findings by type. `daily` has one entry per UTC day, oldest first, days "
                    + "without tests included.")
    @GetMapping("/api/v1/test/statistics")
    Statistics statistics(Caller caller,
                          @Parameter(description = "whole UTC days, today included",
                                  schema = @Schema(type = "integer", minimum = "1", maximum = "366", defaultValue = "7"))
                          @RequestParam(value = "days", required = false) String days) {
        return query.statistics(caller.teamId(), parseDays(days));
    }

    private static int parseDays(String days) {
        if (days == null || days.isEmpty()) {
            return 7;
        }
        try {
            int value = Integer.parseInt(days);
            if (value >= 1 && value <= MAX_DAYS) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiProblem.badParameter("days", "must be a whole number from 1 to " + MAX_DAYS + ", got '" + days + "'");
    }
}
