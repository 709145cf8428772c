package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;

/**
 * Every /admin call is refused, before its body is read or anything is changed, unless it carries the admin token:
 * none, a wrong one and a team's API key all get the same 401 problem, on every route and however the path is spelled.
 */
class AdminTokenTest extends GatewayIntegrationTest {

    private static final String[][] ROUTES = {
            {"GET", "/admin/teams", null},
            {"POST", "/admin/teams", "{\"id\":\"intruder-team\",\"max_active_runs\":5}"},
            {"GET", "/admin/teams/default", null},
            {"DELETE", "/admin/teams/default", null},
            {"POST", "/admin/teams/default/keys", "{\"label\":\"intruder\"}"},
            {"GET", "/admin/teams/default/keys", null},
            {"GET", "/admin/orphan-results", null},
            {"GET", "/admin/orphan-results/" + UUID.randomUUID(), null},
            {"DELETE", "/admin/teams/default/keys/" + UUID.randomUUID(), null},
            {"POST", "/admin/teams", "{\"id\":"},
            {"GET", "/%61dmin/teams", null},
            {"GET", "/admin/teams/../teams", null}};

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"no token", "a wrong token", "a team's API key", "the token without Bearer"})
    void aCallerWithoutTheAdminTokenGetsA401OnEveryAdminRoute(String who) {
        Team team = newTeam(1);
        long teamsBefore = count("teams");
        long keysBefore = count("api_keys");

        for (String[] route : ROUTES) {
            Answer answer = switch (who) {
                case "no token" -> send(route[0], route[1], null, route[2]);
                case "a wrong token" -> send(route[0], route[1], ADMIN_TOKEN + "x", route[2]);
                case "a team's API key" -> send(route[0], route[1], team.key(), route[2]);
                default -> send(route[0], route[1], null, route[2], "Authorization", ADMIN_TOKEN);
            };

            String call = route[0] + " " + route[1] + " with " + who;
            assertThat(answer.status()).as(call).isEqualTo(401);
            assertThat(answer.header("Content-Type")).as(call).startsWith("application/problem+json");
            assertThat(answer.header("WWW-Authenticate")).as(call).isEqualTo("Bearer");
            JsonNode problem = answer.json();
            assertThat(problem.get("type").asString()).as(call).isEqualTo("https://k6runner.dev/problems/unauthorized");
            assertThat(problem.get("title").asString()).isEqualTo("Unauthorized");
            assertThat(problem.get("status").asInt()).isEqualTo(401);
            assertThat(problem.get("detail").asString()).isEqualTo("send 'Authorization: Bearer <admin token>'");
            assertThat(problem.get("instance").asString()).as(call).isEqualTo(route[1]);
            assertThat(problem.get("errors").get(0).get("header").asString()).isEqualTo("Authorization");
            assertThat(problem.get("errors").get(0).get("detail").asString()).isEqualTo("missing or wrong admin token");
        }
        assertThat(count("teams")).as("no team created or changed").isEqualTo(teamsBefore);
        assertThat(count("api_keys")).as("no key created").isEqualTo(keysBefore);
        assertThat(count("teams WHERE disabled_at IS NOT NULL AND id = 'default'")).isZero();
        assertThat(get(team, "/api/v1/test/history").status()).as("the team's key still works on /api").isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Bearer ", "bearer ", "BEARER  "})
    void theAdminTokenOpensTheAdminRoutesWhateverTheCaseOfBearer(String scheme) {
        Answer teams = send("GET", "/admin/teams", null, null, "Authorization", scheme + ADMIN_TOKEN);

        assertThat(teams.status()).isEqualTo(200);
        assertThat(teams.json().isArray()).isTrue();
    }

    private long count(String tableAndCondition) {
        return jdbc.sql("SELECT count(*) FROM " + tableAndCondition).query(Long.class).single();
    }
}
