package dev.k6runner.gateway.web;

import java.util.List;

import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;

/**
 * The OpenAPI description at /v3/api-docs (UI at /docs), with schemas in the snake_case the API speaks. What every
 * operation shares (security, problem answers, headers) is added by {@link OpenApiOperations}, the documents that
 * are stored as JSON by {@link OpenApiSchemas}. A copy is kept in api-gateway/src/main/resources/openapi.json, from
 * which the e2e client is generated; a test fails when the two differ.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        // Stored JSON (raw_summary, tags) is any object; OpenApiSchemas names the ones with a known shape.
        SpringDocUtils.getConfig().replaceWithSchema(tools.jackson.databind.JsonNode.class, new ObjectSchema());
    }

    @Bean
    OpenAPI k6RunnerOpenApi() {
        return new OpenAPI()
                .info(new Info().title("k6 Runner Service").version("v1").description("""
                        Submit k6 tests, follow them, and query results, history, search and statistics.
                        JSON is snake_case; times are ISO-8601 UTC; request durations use k6 notation (30s, 5m, 1h30m).
                        Every error is RFC 9457 problem+json; `errors[]` names the wrong field (`pointer`),
                        query parameter (`parameter`) or header (`header`).
                        In cluster mode every /api/** call needs `Authorization: Bearer <key>`; a team sees only
                        its runs (another team's run is 404). Extensions beyond the base contract: `?wait`,
                        `Idempotency-Key`, `progress`, `timeline`, `endpoints`, `load_generator`,
                        `cancel_requested_at`, `pinned_baseline`, baseline pin/unpin, and the /admin endpoints."""))
                // relative: the gateway that serves this description (port 8080 unless configured otherwise)
                .servers(List.of(new Server().url("/").description("the gateway serving this description")))
                .tags(List.of(
                        new Tag().name("runs").description("Submit, follow, cancel and list k6 test runs"),
                        new Tag().name("baselines").description("Pin a completed run as the baseline of its test name"),
                        new Tag().name("statistics").description("Aggregates over the team's recent runs"),
                        new Tag().name("health").description("Whether the service can accept and run tests"),
                        new Tag().name("admin").description("Teams and API keys; needs Authorization: Bearer <admin token>")))
                .components(new Components()
                        .addSecuritySchemes(OpenApiOperations.API_KEY, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer").description("""
                                        A team's API key (`Authorization: Bearer <key>`), made with POST \
                                        /admin/teams/{teamId}/keys. Required on every /api/** call when the gateway \
                                        runs with k6runner.gateway.auth.mode=api-key (cluster mode); a local gateway \
                                        in the default mode `none` ignores it and acts for team `default`."""))
                        .addSecuritySchemes(OpenApiOperations.ADMIN_TOKEN, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer").description("""
                                        The operators' admin token (`Authorization: Bearer <token>`), set with \
                                        K6RUNNER_ADMIN_TOKEN; without it the /admin endpoints answer 403.""")));
    }

    /** springdoc reads models with its own (Jackson 2) mapper; tell it the names are snake_case. */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy()
                .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE));
    }
}
