package dev.k6runner.analyzer.rules;

import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The static rules' limits (k6runner.analyzer.rules.*).
 *
 * @param errorRateWarningPercent   error rate above this is a high-severity anomaly (original service: 5)
 * @param errorRateCriticalPercent  error rate above this is critical (original service: 10)
 * @param avgResponseTimeMs         average http_req_duration above this is slow (original service: 2000)
 * @param p95ResponseTimeMs         p95 of http_req_duration above this is slow (original service: 5000)
 * @param minRpsPerVu               fewer HTTP requests per second per VU than this is low throughput
 * @param failedChecksHighPercent   failed checks above this share of all checks are high, else medium
 * @param droppedIterationsHighPercent dropped iterations above this share of planned ones are high, else medium
 * @param iterationErrorsHighPercent   iteration exceptions above this share of iterations are high, else medium
 */
@Validated
@ConfigurationProperties("k6runner.analyzer.rules")
public record RulesProperties(
        @PositiveOrZero Double errorRateWarningPercent,
        @PositiveOrZero Double errorRateCriticalPercent,
        @Positive Double avgResponseTimeMs,
        @Positive Double p95ResponseTimeMs,
        @PositiveOrZero Double minRpsPerVu,
        @PositiveOrZero Double failedChecksHighPercent,
        @PositiveOrZero Double droppedIterationsHighPercent,
        @PositiveOrZero Double iterationErrorsHighPercent) {

    public RulesProperties {
        errorRateWarningPercent = orDefault(errorRateWarningPercent, 5.0);
        errorRateCriticalPercent = orDefault(errorRateCriticalPercent, 10.0);
        avgResponseTimeMs = orDefault(avgResponseTimeMs, 2000.0);
        p95ResponseTimeMs = orDefault(p95ResponseTimeMs, 5000.0);
        minRpsPerVu = orDefault(minRpsPerVu, 0.5);
        failedChecksHighPercent = orDefault(failedChecksHighPercent, 5.0);
        droppedIterationsHighPercent = orDefault(droppedIterationsHighPercent, 10.0);
        iterationErrorsHighPercent = orDefault(iterationErrorsHighPercent, 10.0);
    }

    public static RulesProperties defaults() {
        return new RulesProperties(null, null, null, null, null, null, null, null);
    }

    private static Double orDefault(Double value, double fallback) {
        return value == null ? fallback : value;
    }
}
