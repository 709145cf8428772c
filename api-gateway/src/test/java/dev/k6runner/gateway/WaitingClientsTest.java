package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * Requests are served by Tomcat's platform threads, and {@code ?wait=} must not hold one while it waits: otherwise as
 * many waiting clients as the pool has threads would stop every other request of every team. The attack: more
 * clients waiting for their runs than Tomcat has request threads, then a poll.
 */
class WaitingClientsTest extends GatewayIntegrationTest {

    @Value("${server.tomcat.threads.max:200}")
    int requestThreads;

    @Test
    void moreWaitingClientsThanRequestThreadsStillLeaveRoomForEveryOtherRequest() {
        int waiting = requestThreads + 20;
        Team team = newTeam(waiting + 10);
        List<CompletableFuture<HttpResponse<String>>> waits = IntStream.range(0, waiting)
                .mapToObj(i -> HTTP.sendAsync(submission(team, "/api/v1/test/run?wait=120"), HttpResponse.BodyHandlers.ofString()))
                .toList();

        // each submission is stored before its wait begins: with a thread held per wait, the last 20 would never be
        await().atMost(Duration.ofSeconds(60)).until(() -> runsOf(team) == waiting);
        UUID run = jdbc.sql("SELECT id FROM runs WHERE team_id = ? LIMIT 1").param(team.id()).query(UUID.class).single();
        assertThat(get(team, "/api/v1/test/results/" + run).status()).isEqualTo(200);
        assertThat(submit(team, "{\"script\":\"x\"}").status()).isEqualTo(202);
        assertThat(waits).noneMatch(CompletableFuture::isDone);

        jdbc.sql("UPDATE runs SET status = 'cancelled', finished_at = now() WHERE team_id = ?").param(team.id()).update();
        await().atMost(Duration.ofSeconds(30)).until(() -> waits.stream().allMatch(CompletableFuture::isDone));
        assertThat(waits).allSatisfy(answer -> {
            assertThat(answer.join().statusCode()).isEqualTo(200);
            assertThat(answer.join().body()).contains("\"status\":\"cancelled\"");
        });
    }

    private HttpRequest submission(Team team, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + team.key())
                .POST(HttpRequest.BodyPublishers.ofString("{\"script\":\"x\"}")).build();
    }
}
