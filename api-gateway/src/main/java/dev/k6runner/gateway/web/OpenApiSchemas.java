package dev.k6runner.gateway.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

import dev.k6runner.model.RunStatus;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;

/**
 * The shapes that the gateway passes through as stored JSON (the analyzer's {@code metrics}, {@code thresholds},
 * {@code anomaly_analysis}) and the problem document, so that a generated client reads them as types; and the run
 * status as the enumeration it is.
 */
@Component
class OpenApiSchemas implements OpenApiCustomizer {

    static final String PROBLEM_REF = "#/components/schemas/Problem";

    @io.swagger.v3.oas.annotations.media.Schema(name = "Problem", description = "RFC 9457 problem details")
    record Problem(
            @io.swagger.v3.oas.annotations.media.Schema(requiredMode = RequiredMode.REQUIRED, format = "uri",
                    example = "https://k6runner.dev/problems/validation") String type,
            @io.swagger.v3.oas.annotations.media.Schema(requiredMode = RequiredMode.REQUIRED) String title,
            @io.swagger.v3.oas.annotations.media.Schema(requiredMode = RequiredMode.REQUIRED) Integer status,
            String detail,
            @io.swagger.v3.oas.annotations.media.Schema(format = "uri-reference") String instance,
            @io.swagger.v3.oas.annotations.media.Schema(description = "each wrong input and where it is") List<ProblemError> errors) {
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "ProblemError", description = "one of pointer, parameter, header says where")
    record ProblemError(
            @io.swagger.v3.oas.annotations.media.Schema(description = "JSON pointer into the body", example = "#/vus") String pointer,
            @io.swagger.v3.oas.annotations.media.Schema(description = "query or path parameter", example = "limit") String parameter,
            @io.swagger.v3.oas.annotations.media.Schema(description = "request header", example = "Idempotency-Key") String header,
            @io.swagger.v3.oas.annotations.media.Schema(requiredMode = RequiredMode.REQUIRED) String detail) {
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "Metrics", description = "k6's summary in numbers; a metric the test "
            + "did not produce is null, never zero. Response times are milliseconds of http_req_duration.")
    record Metrics(Double avgResponseTimeMs, Double medResponseTimeMs, Double p90ResponseTimeMs, Double p95ResponseTimeMs,
                   Double p99ResponseTimeMs, Double maxResponseTimeMs,
                   @io.swagger.v3.oas.annotations.media.Schema(description = "percentage (0-100) of failed HTTP requests") Double errorRate,
                   Long totalRequests, Long failedRequests,
                   @io.swagger.v3.oas.annotations.media.Schema(description = "HTTP requests per second over the test's duration") Double throughputRps,
                   Integer vusMax, Long iterations, Double durationSeconds, Long checksPassed, Long checksFailed,
                   Long dataReceivedBytes, Long dataSentBytes, Long droppedIterations) {
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "Thresholds")
    record Thresholds(boolean passed, List<ThresholdResult> results) {
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "ThresholdResult")
    record ThresholdResult(@io.swagger.v3.oas.annotations.media.Schema(example = "http_req_duration") String metric,
                           @io.swagger.v3.oas.annotations.media.Schema(example = "p(95)<500") String expression, boolean passed) {
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "AnomalyAnalysis", description = "`analyzer` is `ai` when Gemini "
            + "produced it, else `rules`; `fallback_reason` says why the rules answered although Gemini was configured")
    record AnomalyAnalysis(boolean hasAnomalies,
                           @io.swagger.v3.oas.annotations.media.Schema(allowableValues = {"none", "low", "medium", "high", "critical"}) String severity,
                           List<Anomaly> anomalies, List<String> recommendations, double confidence,
                           @io.swagger.v3.oas.annotations.media.Schema(allowableValues = {"ai", "rules"}) String analyzer, String fallbackReason, String summary,
                           @io.swagger.v3.oas.annotations.media.Schema(description = "what the run was compared with") Baseline baseline,
                           Map<String, Long> findingsBySource) {
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "BaselineComparison", description = "the median (and MAD) of the "
            + "baseline runs' metrics; `status` is compared, pinned, insufficient_history or not_applicable")
    record Baseline(String status, boolean pinned, java.util.UUID pinnedRunId, int runs, Double p95ResponseTimeMs,
                    Double p95MadMs, Double avgResponseTimeMs, Double errorRate, Double throughputRps) {
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "Anomaly")
    record Anomaly(@io.swagger.v3.oas.annotations.media.Schema(example = "high_error_rate") String type,
                   @io.swagger.v3.oas.annotations.media.Schema(allowableValues = {"low", "medium", "high", "critical"}) String severity,
                   String message, String metric, Double observed,
                   @io.swagger.v3.oas.annotations.media.Schema(example = "< 5") String expected, String recommendation,
                   @io.swagger.v3.oas.annotations.media.Schema(description = "rules, timeline, baseline or ai") String source,
                   @io.swagger.v3.oas.annotations.media.Schema(description = "when a finding over the test's time began "
                           + "(a degradation's start, an error burst's first second, when the VUs reached a saturation "
                           + "level); null for findings about the whole run") java.time.Instant startedAt,
                   @io.swagger.v3.oas.annotations.media.Schema(description = "when a window ended (an error burst's); "
                           + "null otherwise") java.time.Instant endedAt) {
    }

    private static final List<String> STATUSES = Arrays.stream(RunStatus.values()).map(RunStatus::wireName).toList();

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents();
        addProblem(components);
        for (Class<?> type : List.of(Metrics.class, Thresholds.class, AnomalyAnalysis.class)) {
            ModelConverters.getInstance(true).readAll(type).forEach(components::addSchemas);
        }
        Map<String, Schema> schemas = components.getSchemas();
        Schema<?> document = schemas.get("RunDocument");
        if (document != null) {
            properties(document).put("metrics", ref("Metrics"));
            properties(document).put("thresholds", ref("Thresholds"));
            properties(document).put("anomaly_analysis", ref("AnomalyAnalysis"));
            properties(document).put("raw_summary", new io.swagger.v3.oas.models.media.ObjectSchema()
                    .description("k6's --summary-export document, as k6 wrote it"));
        }
        if (schemas.get("Request") instanceof Schema request) {
            properties(request).put("tags", new io.swagger.v3.oas.models.media.MapSchema()
                    .additionalProperties(new io.swagger.v3.oas.models.media.StringSchema()).description("k6 test-wide tags"));
        }
        for (String name : List.of("RunDocument", "RunSummary", "Queued", "CancelAccepted")) {
            Schema<?> schema = schemas.get(name);
            if (schema != null && properties(schema).get("status") instanceof Schema status) {
                status.setEnum(new java.util.ArrayList<>(STATUSES));
            }
        }
    }

    static void addProblem(Components components) {
        if (components.getSchemas() == null || !components.getSchemas().containsKey("Problem")) {
            ModelConverters.getInstance(true).readAll(Problem.class).forEach(components::addSchemas);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Map<String, Schema> properties(Schema<?> schema) {
        return (Map<String, Schema>) (Map<String, ?>) schema.getProperties();
    }

    private static Schema<?> ref(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }
}
