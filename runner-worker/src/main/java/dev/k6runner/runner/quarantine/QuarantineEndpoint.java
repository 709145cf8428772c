package dev.k6runner.runner.quarantine;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * Operators' view and release of this runner's quarantine, on the management port only (never the API's):
 * {@code GET /actuator/quarantine}; {@code POST /actuator/quarantine} releases it (200), or 409 when it was not
 * quarantined. A released runner whose host is still broken is quarantined again after as many failed starts.
 */
@Component
@Endpoint(id = "quarantine")
class QuarantineEndpoint {

    private static final int CONFLICT = 409;

    private final Quarantine quarantine;

    QuarantineEndpoint(Quarantine quarantine) {
        this.quarantine = quarantine;
    }

    @ReadOperation
    public Map<String, Object> read() {
        return describe(quarantine);
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> release() {
        Map<String, Object> before = describe(quarantine);
        boolean released = quarantine.release("an operator (POST /actuator/quarantine)");
        Map<String, Object> body = new LinkedHashMap<>(before);
        body.put("released", released);
        return new WebEndpointResponse<>(body, released ? WebEndpointResponse.STATUS_OK : CONFLICT);
    }

    static Map<String, Object> describe(Quarantine quarantine) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("quarantined", quarantine.active());
        quarantine.state().ifPresent(state -> {
            body.put("since", state.since().toString());
            body.put("reason", state.reason());
        });
        return body;
    }
}
