package dev.k6runner.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo target over real HTTP on 127.0.0.1, path for path as the recordings' target. */
class DemoTargetTest {

    private static DemoTarget target;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        target = DemoTarget.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.baseUrl() + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(target.baseUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void okAnswersJson() throws Exception {
        HttpResponse<String> response = get("/ok");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    }

    @Test
    void slowWaitsTheAskedMilliseconds() throws Exception {
        long start = System.nanoTime();
        assertThat(get("/slow?ms=150").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void statusAnswersTheAskedCode() throws Exception {
        assertThat(get("/status/500").statusCode()).isEqualTo(500);
        assertThat(get("/status/404").statusCode()).isEqualTo(404);
        assertThat(get("/status/abc").statusCode()).isEqualTo(400);
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void flakyFailsWithTheAskedProbability() throws Exception {
        assertThat(get("/flaky?fail=1").statusCode()).isEqualTo(500);
        assertThat(get("/flaky?fail=0").statusCode()).isEqualTo(200);
        int failures = 0;
        for (int i = 0; i < 200; i++) {
            failures += get("/flaky?fail=0.5").statusCode() == 500 ? 1 : 0;
        }
        assertThat(failures).isBetween(50, 150);
    }

    @Test
    void authWantsTheBearerToken() throws Exception {
        assertThat(get("/auth", "Authorization", "Bearer secret-token").statusCode()).isEqualTo(200);
        assertThat(get("/auth", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(get("/auth").statusCode()).isEqualTo(401);
    }

    @Test
    void postEchoesJsonAndRejectsTheRest() throws Exception {
        HttpResponse<String> created = post("/items", "{\"name\":\"widget\",\"qty\":3}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).isEqualTo("{\"name\":\"widget\",\"qty\":3}");
        assertThat(post("/orders", "").statusCode()).isEqualTo(201);
        assertThat(post("/items", "{not json").statusCode()).isEqualTo(400);
    }

    @Test
    void degradingGetsSlowerWithEveryRequestUntilReset() throws Exception {
        assertThat(get("/reset").statusCode()).isEqualTo(200);
        long first = delay(get("/degrading?base=0&step=5&per=1"));
        long second = delay(get("/degrading?base=0&step=5&per=1"));
        long third = delay(get("/degrading?base=0&step=5&per=1"));
        assertThat(first).isZero();
        assertThat(second).isEqualTo(5);
        assertThat(third).isEqualTo(10);
        assertThat(delay(get("/degrading?base=0&step=1000&per=1&max=20"))).isEqualTo(20);
        get("/reset");
        assertThat(delay(get("/degrading"))).isEqualTo(5);
    }

    private static long delay(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return Long.parseLong(response.headers().firstValue("X-Delay-Ms").orElseThrow());
    }

    @Test
    void aTakenPortIsABindException() {
        assertThatThrownBy(() -> DemoTarget.start("127.0.0.1", target.port())).isInstanceOf(BindException.class);
    }
}
