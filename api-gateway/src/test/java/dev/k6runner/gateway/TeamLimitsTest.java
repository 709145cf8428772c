package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.JsonNode;

/**
 * Team admin calls take max_vus, max_duration and egress_allow, and submissions keep the caller's team limits
 * (server in this suite: max-vus 100, max-duration 1h, max-timeout 2h).
 */
class TeamLimitsTest extends GatewayIntegrationTest {

    @Test
    void adminSetsAndReadsTheLimitsInCanonicalForm() {
        String id = teamId();
        Answer created = admin("POST", "/admin/teams", "{\"id\":\"" + id + "\",\"max_running_runs\":7,\"max_queued_runs\":70,\"weight\":3,\"max_vus\":50,"
                + "\"max_duration\":\"1h30m\",\"egress_allow\":[\"10.20.0.0/16\",\"Shop.Staging.Internal\",\"FD00:1::/64\","
                + "\"192.0.2.7\",\"10.20.0.0/16\"]}");

        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(created.json().get("max_running_runs").asInt()).isEqualTo(7);
        assertThat(created.json().get("max_queued_runs").asInt()).isEqualTo(70);
        assertThat(created.json().get("weight").asInt()).isEqualTo(3);
        assertThat(created.json().get("max_vus").asInt()).isEqualTo(50);
        assertThat(created.json().get("max_duration").asString()).isEqualTo("1h30m");
        assertThat(created.json().get("max_duration_seconds").asLong()).isEqualTo(5400);
        assertThat(strings(created.json().get("egress_allow")))
                .containsExactly("10.20.0.0/16", "shop.staging.internal", "fd00:1::/64", "192.0.2.7");
        Map<String, Object> row = jdbc.sql("SELECT max_vus, max_duration_seconds, array_to_string(egress_allow, ' ') AS egress "
                + "FROM teams WHERE id = ?").param(id).query().singleRow();
        assertThat(row).containsEntry("max_vus", 50).containsEntry("max_duration_seconds", 5400L)
                .containsEntry("egress", "10.20.0.0/16 shop.staging.internal fd00:1::/64 192.0.2.7");
        assertThat(admin("GET", "/admin/teams/" + id, null).json().get("max_vus").asInt()).isEqualTo(50);
    }

    @Test
    void anUpdateChangesOnlyTheFieldsSentAndNullClearsALimit() {
        String id = teamId();
        admin("POST", "/admin/teams", "{\"id\":\"" + id + "\",\"max_vus\":50,\"max_duration\":\"10m\",\"egress_allow\":[\"db.internal\"]}");

        Answer seconds = admin("POST", "/admin/teams", "{\"id\":\"" + id + "\",\"max_duration\":5400}");
        assertThat(seconds.status()).isEqualTo(200);
        assertThat(seconds.json().get("max_duration").asString()).isEqualTo("1h30m");
        assertThat(seconds.json().get("max_vus").asInt()).isEqualTo(50);
        assertThat(strings(seconds.json().get("egress_allow"))).containsExactly("db.internal");

        Answer cleared = admin("POST", "/admin/teams", "{\"id\":\"" + id + "\",\"max_vus\":null,\"egress_allow\":[]}");
        assertThat(cleared.json().get("max_vus").isNull()).isTrue();
        assertThat(cleared.json().get("max_duration_seconds").asLong()).isEqualTo(5400);
        assertThat(cleared.json().get("egress_allow").size()).isZero();
        assertThat(cleared.json().get("max_running_runs").asInt()).as("the server's default, untouched").isEqualTo(10);
        assertThat(cleared.json().get("max_queued_runs").asInt()).isEqualTo(1000);
        assertThat(cleared.json().get("weight").asInt()).isEqualTo(1);
    }

    @Test
    void theRunningLimitCanBeUnlimitedAndNullMeansTheServersDefault() {
        String id = teamId();
        Answer unlimited = admin("POST", "/admin/teams", "{\"id\":\"" + id + "\",\"max_running_runs\":\"unlimited\"}");
        assertThat(unlimited.json().get("max_running_runs").asString()).isEqualTo("unlimited");
        assertThat(jdbc.sql("SELECT max_running_runs FROM teams WHERE id = ?").param(id).query(Integer.class).optional()).isEmpty();

        Answer backToDefault = admin("POST", "/admin/teams", "{\"id\":\"" + id + "\",\"max_running_runs\":null}");
        assertThat(backToDefault.json().get("max_running_runs").asInt()).isEqualTo(10);
    }

    @Test
    void theDeprecatedMaxActiveRunsSetsTheRunningLimit() {
        String id = teamId();
        Answer created = admin("POST", "/admin/teams", "{\"id\":\"" + id + "\",\"max_active_runs\":4}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("max_running_runs").asInt()).isEqualTo(4);
        assertThat(created.json().has("max_active_runs")).as("shown under its new name only").isFalse();
        assertThat(admin("POST", "/admin/teams", "{\"id\":\"" + id + "\",\"max_active_runs\":\"unlimited\"}")
                .json().get("max_running_runs").asString()).isEqualTo("unlimited");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            vus zero                       | "max_vus":0                                   | #/max_vus
            running limit zero             | "max_running_runs":0                          | #/max_running_runs
            running limit a fraction       | "max_running_runs":1.5                        | #/max_running_runs
            running limit a word           | "max_running_runs":"many"                     | #/max_running_runs
            running limit over an int      | "max_running_runs":3000000000                 | #/max_running_runs
            deprecated alias zero          | "max_active_runs":0                           | #/max_active_runs
            alias and new name together    | "max_active_runs":2,"max_running_runs":2      | #/max_active_runs
            backlog zero                   | "max_queued_runs":0                           | #/max_queued_runs
            weight zero                    | "weight":0                                    | #/weight
            weight over 1000               | "weight":1001                                 | #/weight
            vus over the server's          | "max_vus":101                                 | #/max_vus
            duration unreadable            | "max_duration":"soon"                         | #/max_duration
            duration under a second        | "max_duration":"500ms"                        | #/max_duration
            duration over max-timeout      | "max_duration":"2h1m"                         | #/max_duration
            host bits after the prefix     | "egress_allow":["10.0.0.0/8","10.0.0.1/8"]    | #/egress_allow/1
            inet_aton shorthand            | "egress_allow":["10.1"]                       | #/egress_allow/0
            not an address                 | "egress_allow":["999.1.1.1"]                  | #/egress_allow/0
            a range                        | "egress_allow":["10.0.0.1-10.0.0.9"]          | #/egress_allow/0
            a wildcard host                | "egress_allow":["*.example.com"]              | #/egress_allow/0
            a host with a port             | "egress_allow":["db.internal:5432"]           | #/egress_allow/0
            an empty entry                 | "egress_allow":["db.internal",""]             | #/egress_allow/1
            a null entry                   | "egress_allow":[null]                         | #/egress_allow/0
            """)
    void wrongLimitsAre400WithAPointerAndChangeNothing(String caseName, String field, String pointer) {
        String id = teamId();
        admin("POST", "/admin/teams", "{\"id\":\"" + id + "\",\"max_vus\":5,\"max_duration\":\"5m\",\"egress_allow\":[\"a.internal\"]}");

        Answer refused = admin("POST", "/admin/teams", "{\"id\":\"" + id + "\"," + field + "}");

        assertThat(refused.status()).as(caseName).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("errors").get(0).get("pointer").asString()).isEqualTo(pointer);
        assertThat(refused.json().get("detail").asString()).startsWith(pointer + ": ");
        JsonNode team = admin("GET", "/admin/teams/" + id, null).json();
        assertThat(team.get("max_vus").asInt()).isEqualTo(5);
        assertThat(team.get("max_duration").asString()).isEqualTo("5m");
        assertThat(strings(team.get("egress_allow"))).containsExactly("a.internal");
    }

    @Test
    void moreThanAHundredEgressEntriesAreRefused() {
        String hosts = String.join(",", java.util.stream.IntStream.range(0, 101).mapToObj(i -> "\"h" + i + ".internal\"").toList());
        Answer refused = admin("POST", "/admin/teams", "{\"id\":\"" + teamId() + "\",\"egress_allow\":[" + hosts + "]}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("pointer").asString()).isEqualTo("#/egress_allow");
        assertThat(refused.json().get("detail").asString()).contains("at most 100");
    }

    @Test
    void aRequestOverTheTeamsLimitsIs422NamingTheLimitAndStoresNothing() {
        Team team = newTeam(20);
        admin("POST", "/admin/teams", "{\"id\":\"" + team.id() + "\",\"max_vus\":10,\"max_duration\":\"10m\"}");

        Answer vus = submit(team, "{\"script\":\"x\",\"vus\":11}");
        Answer duration = submit(team, "{\"script\":\"x\",\"duration\":\"10m1s\"}");
        Answer both = submit(team, "{\"script\":\"x\",\"vus\":12,\"duration\":\"11m\"}");

        assertLimitExceeded(vus, "#/vus", "the request asks for 11 VUs; the team's limit (max_vus) is 10");
        assertLimitExceeded(duration, "#/duration", "the request asks for a duration of 10m1s; the team's limit (max_duration) is 10m");
        assertThat(both.json().get("errors")).hasSize(2);
        assertThat(runsOf(team)).isZero();
        assertThat(submit(team, "{\"script\":\"x\",\"vus\":10,\"duration\":\"10m\"}").status()).isEqualTo(202);
        assertThat(runsOf(team)).isEqualTo(1);
    }

    @Test
    void aRequestOverTheServersLimitsIs422NamingTheSettingAndStoresNothing() {
        Team team = newTeam(20);
        admin("POST", "/admin/teams", "{\"id\":\"" + team.id() + "\",\"max_duration\":\"2h\"}");

        assertLimitExceeded(submit(team, "{\"script\":\"x\",\"vus\":101}"), "#/vus",
                "the request asks for 101 VUs; the server's limit (k6runner.gateway.max-vus) is 100");
        assertLimitExceeded(submit(team, "{\"script\":\"x\",\"duration\":\"90m\"}"), "#/duration",
                "the request asks for a duration of 90m; the server's limit (k6runner.gateway.max-duration) is 1h");
        assertLimitExceeded(submit(team, "{\"script\":\"x\",\"iterations\":1001}"), "#/iterations",
                "the request asks for 1001 iterations; the server's limit (k6runner.gateway.max-iterations) is 1000");
        assertThat(runsOf(team)).isZero();
    }

    @Test
    void newLimitsApplyToTheNextSubmissionThoughTheCallerWasJustCached() {
        Team team = newTeam(20);
        assertThat(submit(team, "{\"script\":\"x\",\"vus\":50}").status()).isEqualTo(202);

        admin("POST", "/admin/teams", "{\"id\":\"" + team.id() + "\",\"max_vus\":10}");
        Answer refused = submit(team, "{\"script\":\"x\",\"vus\":50}");

        assertLimitExceeded(refused, "#/vus", "the team's limit (max_vus) is 10");
        admin("POST", "/admin/teams", "{\"id\":\"" + team.id() + "\",\"max_vus\":null}");
        assertThat(submit(team, "{\"script\":\"x\",\"vus\":50}").status()).isEqualTo(202);
        assertThat(runsOf(team)).isEqualTo(2);
    }

    @Test
    void theOpenApiDescriptionDocumentsTheLimitsAndTheNewProblems() {
        JsonNode api = send("GET", "/v3/api-docs", null, null).json();

        JsonNode run = api.get("paths").get("/api/v1/test/run").get("post").get("responses");
        assertThat(run.propertyNames()).contains("202", "400", "413", "422", "429", "503");
        assertThat(run.get("422").get("description").asString()).contains("limit-exceeded").contains("remote-module");
        assertThat(run.get("413").get("description").asString()).contains("chunked");
        assertThat(run.get("400").get("description").asString()).contains("K6_*").contains("HTTP_PROXY");
        JsonNode team = api.get("components").get("schemas").get("TeamRequest").get("properties");
        assertThat(team.propertyNames()).contains("id", "max_running_runs", "max_queued_runs", "weight", "max_active_runs",
                "max_vus", "max_duration", "egress_allow");
        assertThat(team.get("max_active_runs").get("deprecated").asBoolean()).isTrue();
        assertThat(api.get("components").get("schemas").get("Team").get("properties").propertyNames())
                .contains("max_running_runs", "max_queued_runs", "weight", "max_vus", "max_duration", "max_duration_seconds",
                        "egress_allow");
        assertThat(api.get("paths").get("/admin/teams").get("post").get("responses").get("400")).isNotNull();
    }

    private static void assertLimitExceeded(Answer answer, String pointer, String detail) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(422);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("type").asString()).isEqualTo("https://k6runner.dev/problems/limit-exceeded");
        assertThat(answer.json().get("detail").asString()).contains(detail);
        assertThat(answer.json().get("errors").get(0).get("pointer").asString()).isEqualTo(pointer);
    }

    private Answer admin(String method, String path, String body) {
        return send(method, path, ADMIN_TOKEN, body);
    }

    private static String teamId() {
        return "l-" + java.util.UUID.randomUUID().toString().substring(0, 12);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(node -> values.add(node.asString()));
        return values;
    }
}
