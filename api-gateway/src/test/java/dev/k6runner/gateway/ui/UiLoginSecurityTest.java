package dev.k6runner.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.k6runner.gateway.GatewayIntegrationTest;
import dev.k6runner.gateway.teams.KeyLookup;

/**
 * The browser login attacked over plain HTTP: what a session cookie opens (its team's pages, and only to read)
 * and what it never opens (another team's runs, the API's changes, anything without a valid signature).
 */
class UiLoginSecurityTest extends GatewayIntegrationTest {

    @Autowired
    SessionTokens tokens;

    private Team team;
    private Team other;
    private ListedRuns.Seeded runs;
    private ListedRuns.Seeded othersRuns;

    @BeforeEach
    void twoTeams() {
        ListedRuns listed = new ListedRuns(jdbc);
        team = newTeam(20);
        other = newTeam(20);
        runs = listed.seed(team.id());
        othersRuns = listed.seed(other.id());
    }

    @Test
    void withoutASessionEveryPageSendsTheBrowserToTheLoginAndTheApiStillAnswers401() {
        String report = "/api/v1/test/results/" + runs.baseline() + "/report";
        Answer list = page("/ui", null);
        Answer reportPage = page(report, null);
        Answer comparePage = page("/api/v1/test/compare?base=" + runs.baseline() + "&head=" + runs.degrading(), null);

        assertThat(list.status()).isEqualTo(303);
        assertThat(list.header("Location")).isEqualTo("/ui/login?next=%2Fui");
        assertThat(reportPage.status()).isEqualTo(303);
        assertThat(reportPage.header("Location")).isEqualTo("/ui/login?next=" + URLEncoder.encode(report, StandardCharsets.UTF_8));
        assertThat(comparePage.status()).isEqualTo(303);
        assertThat(send("GET", "/api/v1/test/results/" + runs.baseline(), null, null).status()).isEqualTo(401);
        assertThat(send("GET", report, null, null).status()).as("an API client (no text/html) gets the API's 401")
                .isEqualTo(401);
        assertThat(send("GET", "/", null, null).header("Location")).isEqualTo("/ui");
    }

    @Test
    void aLoginSetsAnHttpOnlyStrictCookieThatIsNotTheKeyAndOpensTheTeamsPages() {
        HttpResponse<String> login = login(team.key(), "/ui", null);

        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).contains("/ui");
        assertThat(setCookie).contains("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800").doesNotContain("Secure");
        assertThat(setCookie).doesNotContain(team.key()).doesNotContain(team.key().substring(4, 20));
        String cookie = cookieOf(login);
        Answer list = page("/ui", cookie);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.raw().body()).contains(runs.baseline().toString(), "checkout", "broken-script")
                .doesNotContain(othersRuns.baseline().toString());
        assertThat(page("/api/v1/test/results/" + runs.degrading() + "/report", cookie).status()).isEqualTo(200);
        assertThat(page("/api/v1/test/compare?base=" + runs.baseline() + "&head=" + runs.degrading(), cookie).status())
                .isEqualTo(200);
    }

    @Test
    void overHttpsTheCookieIsSecure() {
        HttpResponse<String> login = login(team.key(), "/ui", "https");
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure");
    }

    @Test
    void aWrongKeyGetsNoSession() {
        HttpResponse<String> login = login("k6r_not-a-key", "/ui", null);
        assertThat(login.statusCode()).isEqualTo(401);
        assertThat(login.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(login.body()).contains("unknown or revoked");
    }

    @Test
    void forgedAlteredExpiredOrOtherServersCookiesAreRefused() {
        String valid = cookieOf(login(team.key(), "/ui", null)).substring(SessionCookie.NAME.length() + 1);
        String[] parts = valid.split("\\.");
        String othersHash = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(KeyLookup.hash(other.key()));
        String altered = parts[0] + "." + othersHash + "." + parts[2] + "." + parts[3];
        String stretched = parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 86_400) + "." + parts[3];
        String expired = tokens.issue(KeyLookup.hash(team.key()), Instant.now().minusSeconds(1));
        String otherServer = new SessionTokens(new UiProperties("another-servers-secret-of-32-chars!!", Duration.ofHours(8)))
                .issue(KeyLookup.hash(team.key()));

        for (String forged : new String[] {altered, stretched, expired, otherServer, "v1.AAAA.9999999999.AAAA", "garbage"}) {
            Answer answer = page("/ui", SessionCookie.NAME + "=" + forged);
            assertThat(answer.status()).as(forged).isEqualTo(303);
            assertThat(answer.header("Location")).startsWith("/ui/login");
            assertThat(answer.header("Set-Cookie")).as("the bad cookie is cleared").contains("Max-Age=0");
            assertThat(page("/api/v1/test/results/" + othersRuns.baseline() + "/report", SessionCookie.NAME + "=" + forged)
                    .status()).isEqualTo(303);
        }
    }

    @Test
    void aTeamsSessionCannotOpenAnotherTeamsReportOrCompare() {
        String cookie = cookieOf(login(team.key(), "/ui", null));

        assertThat(page("/api/v1/test/results/" + othersRuns.degrading() + "/report", cookie).status()).isEqualTo(404);
        assertThat(page("/api/v1/test/compare?base=" + runs.baseline() + "&head=" + othersRuns.degrading(), cookie).status())
                .isEqualTo(404);
        assertThat(page("/ui?name=checkout", cookie).raw().body()).doesNotContain(othersRuns.degrading().toString());
    }

    @Test
    void theCookieNeverAuthorisesASubmissionACancelOrAJsonRead() {
        String cookie = cookieOf(login(team.key(), "/ui", null));
        long before = runsOf(team);

        Answer submit = send("POST", "/api/v1/test/run", null, "{\"script\":\"export default function () {}\",\"vus\":1,"
                + "\"duration\":\"1s\"}", "Cookie", cookie);
        Answer cancel = send("POST", "/api/v1/test/results/" + runs.live() + "/cancel", null, null, "Cookie", cookie);
        Answer json = send("GET", "/api/v1/test/results/" + runs.baseline(), null, null, "Cookie", cookie);
        Answer compareJson = send("GET", "/api/v1/test/compare?base=" + runs.baseline() + "&head=" + runs.degrading(), null,
                null, "Cookie", cookie, "Accept", "application/json");

        assertThat(submit.status()).isEqualTo(401);
        assertThat(cancel.status()).isEqualTo(401);
        assertThat(json.status()).isEqualTo(401);
        assertThat(compareJson.status()).isEqualTo(401);
        assertThat(runsOf(team)).isEqualTo(before);
        assertThat(jdbc.sql("SELECT cancel_requested_at IS NULL FROM runs WHERE id = ?").param(runs.live())
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void anotherSiteCanNeitherLogABrowserInNorSendItAway() {
        HttpResponse<String> crossSite = post("/ui/login", form(team.key(), "/ui"), "Origin", "http://evil.example",
                "Sec-Fetch-Site", "cross-site");
        HttpResponse<String> foreignOrigin = post("/ui/login", form(team.key(), "/ui"), "Origin", "http://evil.example");
        HttpResponse<String> away = login(team.key(), "https://evil.example/", null);
        HttpResponse<String> schemeRelative = login(team.key(), "//evil.example/ui", null);

        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(foreignOrigin.statusCode()).isEqualTo(403);
        assertThat(away.headers().firstValue("Location")).contains("/ui");
        assertThat(schemeRelative.headers().firstValue("Location")).contains("/ui");
    }

    @Test
    void logoutClearsTheCookieAndARevokedKeyEndsItsSessions() {
        String cookie = cookieOf(login(team.key(), "/ui", null));
        HttpResponse<String> logout = post("/ui/logout", "", "Cookie", cookie);
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains(SessionCookie.NAME + "=;", "Max-Age=0");

        String keyId = send("GET", "/admin/teams/" + team.id() + "/keys", ADMIN_TOKEN, null).json().get(0).get("id").asString();
        assertThat(send("DELETE", "/admin/teams/" + team.id() + "/keys/" + keyId, ADMIN_TOKEN, null).status()).isEqualTo(204);
        assertThat(page("/ui", cookie).status()).isEqualTo(303);
    }

    private Answer page(String path, String cookie) {
        return cookie == null ? send("GET", path, null, null, "Accept", "text/html")
                : send("GET", path, null, null, "Accept", "text/html", "Cookie", cookie);
    }

    private HttpResponse<String> login(String key, String next, String forwardedProto) {
        return forwardedProto == null ? post("/ui/login", form(key, next))
                : post("/ui/login", form(key, next), "X-Forwarded-Proto", forwardedProto);
    }

    private static String form(String key, String next) {
        return "key=" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
    }

    private static String cookieOf(HttpResponse<String> login) {
        return login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    private HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
