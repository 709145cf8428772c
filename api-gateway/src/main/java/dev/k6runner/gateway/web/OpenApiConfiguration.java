package dev.k6runner.gateway.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;

/** The OpenAPI description at /v3/api-docs (UI at /docs), with schemas in the snake_case the API speaks. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

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
                .components(new Components().addSecuritySchemes("apiKey",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")));
    }

    /** springdoc reads models with its own (Jackson 2) mapper; tell it the names are snake_case. */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy()
                .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE));
    }
}
