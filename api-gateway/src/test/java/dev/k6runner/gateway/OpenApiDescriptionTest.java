package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import tools.jackson.databind.JsonNode;

/**
 * The description at /v3/api-docs is one that a client generator can trust: valid for swagger-parser without a
 * single message, with the API keys as security schemes, no internal parameter, and every answer of a submission.
 * Its copy in src/main/resources/openapi.json, from which module api-client generates its client, is the live one.
 */
class OpenApiDescriptionTest extends GatewayIntegrationTest {

    /** The copy that api-client generates its Java client from. */
    private static final Path COPY = Path.of("src/main/resources/openapi.json");
    /** api-client's input for the multipart upload, which openapi-generator cannot take from the same operation. */
    private static final Path ARCHIVE_UPLOAD = Path.of("../api-client/src/main/openapi/submit-archive.json");
    private static final String REFRESH = "k6runner.openapi.refresh";

    private String live;
    private OpenAPI api;

    @BeforeEach
    void fetchTheDescription() {
        Answer answer = send("GET", "/v3/api-docs", null, null);
        assertThat(answer.status()).isEqualTo(200);
        live = answer.raw().body();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIParser().readContents(live, null, options);
        assertThat(parsed.getMessages()).as("swagger-parser's messages").isEmpty();
        api = parsed.getOpenAPI();
    }

    @Test
    void swaggerParserReadsTheDescriptionWithoutAnyMessage() {
        assertThat(api).isNotNull();
        assertThat(api.getPaths()).containsKeys("/api/v1/test/run", "/api/v1/test/results/{test_id}",
                "/api/v1/test/results/{test_id}/cancel", "/api/v1/test/history", "/api/v1/test/search",
                "/api/v1/test/statistics", "/api/v1/test/health", "/admin/teams");
    }

    @Test
    void theResolvedCallerIsNoParameterOfAnyOperation() {
        operations().forEach((where, operation) -> assertThat(parameters(operation)).as(where)
                .extracting(Parameter::getName).doesNotContain("caller", "Authorization"));
        assertThat(api.getComponents().getSchemas()).doesNotContainKeys("Caller", "Limits");
    }

    @Test
    void everyParameterHasASchema() {
        operations().forEach((where, operation) -> parameters(operation).forEach(parameter ->
                assertThat(parameter.getSchema()).as(where + " " + parameter.getName()).isNotNull()));
    }

    @Test
    void apiKeysAndTheAdminTokenAreBearerSecuritySchemesOfEveryOperation() {
        Map<String, SecurityScheme> schemes = api.getComponents().getSecuritySchemes();
        assertThat(schemes).containsKeys("apiKey", "adminToken");
        assertThat(schemes.values()).allSatisfy(scheme -> {
            assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.HTTP);
            assertThat(scheme.getScheme()).isEqualTo("bearer");
        });
        operations().forEach((where, operation) -> {
            assertThat(operation.getSecurity()).as(where).hasSize(1);
            assertThat(operation.getSecurity().getFirst()).as(where)
                    .containsOnlyKeys(where.contains(" /admin/") ? "adminToken" : "apiKey");
            assertThat(operation.getResponses()).as(where).containsKey("401");
        });
    }

    @Test
    void aSubmissionDocumentsEveryAnswerWithItsBodyAndHeaders() {
        Operation submit = api.getPaths().get("/api/v1/test/run").getPost();
        Map<String, ApiResponse> responses = submit.getResponses();
        assertThat(responses).containsKeys("200", "202", "400", "413", "422", "429", "503");
        assertThat(responses.get("202").getHeaders()).containsKeys("Location", "Idempotent-Replayed");
        assertThat(responses.get("202").getContent().get("application/json").getSchema().get$ref()).endsWith("/Queued");
        assertThat(responses.get("200").getContent().get("application/json").getSchema().get$ref()).endsWith("/RunDocument");
        assertThat(responses.get("429").getHeaders()).containsKey("Retry-After");
        assertThat(responses.get("503").getHeaders()).containsKey("Retry-After");
        for (String code : List.of("400", "413", "422", "429", "503")) {
            assertThat(responses.get(code).getContent()).as(code).containsOnlyKeys("application/problem+json");
            assertThat(responses.get(code).getContent().get("application/problem+json").getSchema().get$ref()).as(code)
                    .endsWith("/Problem");
        }
        assertThat(submit.getRequestBody().getRequired()).isTrue();
        assertThat(parameters(submit)).extracting(Parameter::getName).containsExactlyInAnyOrder("Idempotency-Key", "wait");
        Parameter wait = parameters(submit).stream().filter(p -> p.getName().equals("wait")).findFirst().orElseThrow();
        assertThat(wait.getSchema().getMaximum()).isEqualByComparingTo("300");
    }

    @Test
    void aSubmissionTakesAK6ArchiveAsMultipartFormDataBesideTheJsonBody() {
        var content = api.getPaths().get("/api/v1/test/run").getPost().getRequestBody().getContent();
        assertThat(content.keySet()).containsExactly("application/json", "multipart/form-data");
        var form = content.get("multipart/form-data");
        assertThat(form.getSchema().get$ref()).endsWith("/ArchiveUpload");
        io.swagger.v3.oas.models.media.Schema<?> upload = api.getComponents().getSchemas().get("ArchiveUpload");
        assertThat(upload.getRequired()).containsExactly("archive");
        assertThat(upload.getProperties().get("archive").getFormat()).isEqualTo("binary");
        assertThat(upload.getProperties()).containsOnlyKeys("archive", "request");
        assertThat(form.getEncoding().get("request").getContentType()).isEqualTo("application/json");
    }

    /** Refresh the copy with {@code -Dk6runner.openapi.refresh=true} (see docs/gateway.md, "The OpenAPI description"). */
    @Test
    void theCopyInTheRepositoryIsTheLiveDescription() throws IOException {
        JsonNode liveTree = JSON.readTree(live);
        keptInStep(COPY, liveTree, "openapi.json");
    }

    /** api-client's second generator input (see {@link ArchiveUploadSpec}) is the live description's multipart part. */
    @Test
    void theClientsArchiveUploadInputIsCutFromTheLiveDescription() throws IOException {
        keptInStep(ARCHIVE_UPLOAD, ArchiveUploadSpec.of(JSON.readTree(live)), "submit-archive.json");
    }

    private static void keptInStep(Path copy, JsonNode liveTree, String name) throws IOException {
        String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(liveTree) + "\n";
        if (Boolean.getBoolean(REFRESH)) {
            Files.writeString(copy, pretty);
        }
        if (!Files.exists(copy) || !Objects.equals(JSON.readTree(Files.readString(copy)), liveTree)) {
            Path fresh = Path.of("target/" + name);
            Files.writeString(fresh, pretty);
            fail("api-gateway/" + copy + " differs from the live /v3/api-docs (now in api-gateway/" + fresh + "). Refresh it with "
                    + "`./mvnw -pl api-gateway -am test -Dtest=OpenApiDescriptionTest -Dsurefire.failIfNoSpecifiedTests=false -D" + REFRESH
                    + "=true` and commit it; "
                    + "module api-client generates its client from it.");
        }
    }

    private Map<String, Operation> operations() {
        Map<String, Operation> operations = new java.util.TreeMap<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> operations.put(method + " " + path, operation)));
        return operations;
    }

    private static List<Parameter> parameters(Operation operation) {
        return operation.getParameters() == null ? List.of() : operation.getParameters();
    }
}
