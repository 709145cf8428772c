package dev.k6runner.analyzer.reanalysis;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

import dev.k6runner.analyzer.finish.RunFinisher;

/**
 * Operators' operation, {@code POST /actuator/reanalyze/{id}} on the management port (never the API's, so no
 * script and no API client reaches it): recompute a finished run's metrics and anomalies with the current
 * rules and replace them; the run's status stays as it is. 200 reanalyzed, 404 unknown run, 409 not finished.
 */
@Component
@Endpoint(id = "reanalyze")
class ReanalysisEndpoint {

    private static final int CONFLICT = 409;

    private final RunFinisher finisher;

    ReanalysisEndpoint(RunFinisher finisher) {
        this.finisher = finisher;
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, String>> reanalyze(@Selector UUID id) {
        RunFinisher.Result result = finisher.reanalyze(id);
        int status = switch (result) {
            case REANALYZED -> WebEndpointResponse.STATUS_OK;
            case UNKNOWN_RUN -> WebEndpointResponse.STATUS_NOT_FOUND;
            default -> CONFLICT;
        };
        return new WebEndpointResponse<>(Map.of("test_id", id.toString(), "result", result.name().toLowerCase(Locale.ROOT)), status);
    }
}
