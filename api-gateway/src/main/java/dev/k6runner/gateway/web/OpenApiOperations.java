package dev.k6runner.gateway.web;

import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;

/**
 * What every operation shares, added in one place so that controllers state only what is their own: the security
 * (an API key on /api/**, the admin token on /admin/**), the problem answers that filters and the exception
 * handler give to any of them (401, 403, 400 for a wrong parameter, 415, 500, 503), and a problem+json body and its
 * headers (Retry-After, WWW-Authenticate) on every error.
 */
@Component
class OpenApiOperations implements OpenApiCustomizer {

    static final String API_KEY = "apiKey";
    static final String ADMIN_TOKEN = "adminToken";
    static final String PROBLEM_MEDIA_TYPE = "application/problem+json";

    @Override
    public void customise(OpenAPI openApi) {
        OpenApiSchemas.addProblem(openApi.getComponents());
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            boolean admin = path.startsWith("/admin/");
            // the admin token travels in Authorization, which OpenAPI describes by the security scheme only
            if (operation.getParameters() != null) {
                operation.getParameters().removeIf(p -> "header".equals(p.getIn()) && "Authorization".equalsIgnoreCase(p.getName()));
            }
            operation.setSecurity(List.of(new SecurityRequirement().addList(admin ? ADMIN_TOKEN : API_KEY)));
            addCommonProblems(operation, admin, path.equals("/api/v1/test/health"));
            operation.getResponses().forEach((code, response) -> describeProblem(code, response));
        }));
    }

    private static void addCommonProblems(Operation operation, boolean admin, boolean health) {
        ApiResponses responses = operation.getResponses();
        if (takesCheckedParameters(operation)) {
            responses.computeIfAbsent("400", _ -> problem("`invalid-parameter`: a query or path parameter is not valid; "
                    + "`errors[].parameter` names it"));
        }
        if (operation.getRequestBody() != null) {
            responses.computeIfAbsent("415", _ -> problem("the body is not `Content-Type: application/json`"));
        }
        responses.computeIfAbsent("401", _ -> problem(admin ? "`unauthorized`: the admin token is missing or wrong"
                : "`unauthorized`: no API key, or an unknown or revoked one (cluster mode)"));
        if (admin) {
            responses.computeIfAbsent("403", _ -> problem("`admin-disabled`: the gateway runs without K6RUNNER_ADMIN_TOKEN"));
        }
        responses.computeIfAbsent("500", _ -> problem("`internal`: an unexpected error; it has been logged"));
        if (!health) {
            responses.computeIfAbsent("503", _ -> problem("`unavailable`: the database cannot be reached; nothing was "
                    + "changed, retry after Retry-After seconds"));
        }
    }

    /** Query parameters and UUIDs in the path are parsed by the gateway, and refused with 400 when they do not parse. */
    private static boolean takesCheckedParameters(Operation operation) {
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        return parameters.stream().anyMatch(p -> "query".equals(p.getIn())
                || "path".equals(p.getIn()) && p.getSchema() != null && "uuid".equals(p.getSchema().getFormat()));
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description);
    }

    /** Every 4xx and 5xx answer is a problem document; health's 503 is its own report and keeps its body. */
    private static void describeProblem(String code, ApiResponse response) {
        if (code.charAt(0) != '4' && code.charAt(0) != '5') {
            return;
        }
        Content content = response.getContent();
        boolean hasOtherBody = content != null && content.entrySet().stream()
                .anyMatch(e -> !PROBLEM_MEDIA_TYPE.equals(e.getKey()) && e.getValue().getSchema() != null);
        if (hasOtherBody) {
            return;
        }
        response.setContent(new Content().addMediaType(PROBLEM_MEDIA_TYPE,
                new MediaType().schema(new Schema<>().$ref(OpenApiSchemas.PROBLEM_REF))));
        switch (code) {
            case "401" -> response.setHeaders(Map.of("WWW-Authenticate", header("`Bearer`", new StringSchema())));
            case "429", "503" -> response.setHeaders(Map.of("Retry-After",
                    header("seconds to wait before retrying", new IntegerSchema().minimum(java.math.BigDecimal.ONE))));
            default -> { }
        }
    }

    static Header header(String description, Schema<?> schema) {
        return new Header().description(description).schema(schema);
    }
}
