package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;

/** A gateway started without K6RUNNER_ADMIN_TOKEN has no admin: 403 for everyone, even one guessing a token. */
@TestPropertySource(properties = "k6runner.gateway.auth.admin-token=")
class AdminDisabledTest extends GatewayIntegrationTest {

    @ParameterizedTest(name = "bearer ''{0}''")
    @ValueSource(strings = {"", ADMIN_TOKEN, "\"\""})
    void everyAdminCallIsForbiddenWhateverTokenItCarries(String bearer) {
        Answer answer = send("GET", "/admin/teams", bearer.isEmpty() ? null : bearer, null);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("type").asString()).isEqualTo("https://k6runner.dev/problems/admin-disabled");
        assertThat(answer.json().get("title").asString()).isEqualTo("Admin disabled");
        assertThat(answer.json().get("detail").asString())
                .isEqualTo("the admin endpoints are off: start the gateway with K6RUNNER_ADMIN_TOKEN set");
        assertThat(answer.json().get("instance").asString()).isEqualTo("/admin/teams");
    }
}
