package dev.k6runner.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.runner.RunnerFixture.Request;
import dev.k6runner.runner.quarantine.Quarantine;
import dev.k6runner.testsupport.TestInfrastructure;

/**
 * A runner whose work folder cannot be made (a file stands where the folder should be: this fails as root too)
 * must not fail the queue run by run: after three runs it could not start k6 for, it is quarantined, the runs stay
 * queued (the one it tried goes back), the registry, health and metrics say why, and once released (by the probe
 * when the host is repaired, or by an operator) the queued runs run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class QuarantineTest {

    static final Path ROOT = RunnerWorkerTest.tempRoot();
    static final Path INVOCATIONS = ROOT.resolve("logs/k6-invocations.ndjson");
    static final Path WORK = ROOT.resolve("work");

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
        RunnerTestSettings.register(registry, ROOT, INVOCATIONS, 1);
        registry.add("k6runner.runner.quarantine.probe-interval", () -> "1s");
    }

    @Autowired JdbcClient jdbc;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired EventCodec codec;
    @Autowired MeterRegistry meters;
    @Autowired RunnerProperties properties;
    @Autowired Quarantine quarantine;
    @LocalManagementPort int managementPort;

    RunnerFixture fixture;

    @BeforeEach
    void breakTheWorkFolder() throws IOException {
        fixture = new RunnerFixture(jdbc, kafka, codec);
        deleteTree(WORK);
        Files.writeString(WORK, "a file where the runner's work folder should be");
    }

    @AfterEach
    void repairTheWorkFolder() throws IOException {
        Files.deleteIfExists(WORK);
        await().atMost(Duration.ofSeconds(30)).until(() -> !quarantine.active());
    }

    @Test
    void aHostThatCannotPrepareRunsIsQuarantinedWithoutDrainingTheQueueAndTheProbeReleasesItOnceRepaired() throws Exception {
        List<UUID> ids = submit(4);

        await().atMost(Duration.ofSeconds(30)).until(() -> quarantine.active());
        // the next heartbeat writes it
        await().atMost(Duration.ofSeconds(10)).until(() -> runnerRow().get("quarantined_at") != null);
        Map<String, Object> row = runnerRow();
        assertThat(row.get("accepts_runs")).isEqualTo(false);
        assertThat((String) row.get("quarantine_reason")).contains("3 runs in a row could not start k6", "k6 could not be started");
        assertThat(meters.get("k6runner.runner.quarantined").gauge().value()).isEqualTo(1.0);
        assertThat(http("GET", "/actuator/health").body()).contains("\"OUT_OF_SERVICE\"", "\"quarantine\"", "could not start k6");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertQueuedWithoutResults(ids));

        Files.delete(WORK);

        await().atMost(Duration.ofSeconds(30)).until(() -> !quarantine.active());
        for (UUID id : ids) {
            fixture.awaitStatus(id, "analyzing", Duration.ofSeconds(60));
            assertThat(fixture.result(id).orElseThrow().get("outcome")).isEqualTo("completed");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> runnerRow().get("quarantined_at") == null
                && Boolean.TRUE.equals(runnerRow().get("accepts_runs")));
        assertThat(meters.get("k6runner.runner.quarantined").gauge().value()).isZero();
    }

    @Test
    void anOperatorReleasesTheQuarantineOnTheManagementPortAndABrokenHostIsQuarantinedAgain() throws Exception {
        assertThat(http("POST", "/actuator/quarantine").statusCode()).as("not quarantined: nothing to release").isEqualTo(409);
        List<UUID> ids = submit(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> quarantine.active());
        Quarantine.State first = quarantine.state().orElseThrow();

        HttpResponse<String> release = http("POST", "/actuator/quarantine");

        assertThat(release.statusCode()).isEqualTo(200);
        assertThat(release.body()).contains("\"released\":true", "could not start k6");
        // the host is still broken: the runner tries again, gives the run back again, and is quarantined anew
        Quarantine.State second = await().atMost(Duration.ofSeconds(30))
                .until(() -> quarantine.state().filter(s -> s.since().isAfter(first.since())), Optional::isPresent).orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> runnerRow().get("quarantined_at") instanceof Timestamp at
                && at.toInstant().isAfter(second.since().minusMillis(1)));
        // the quarantine is decided before the run is given back to the queue: wait for that too
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertQueuedWithoutResults(ids));
        assertThat(http("GET", "/actuator/quarantine").body()).contains("\"quarantined\":true");
    }

    private List<UUID> submit(int runs) throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            ids.add(fixture.submit("quarantine-" + i, Request.of(StandinK6.scriptFor("no-requests"))));
        }
        return ids;
    }

    /** Not drained: every run is queued again, holding a backlog slot, with no result and no runner. */
    private void assertQueuedWithoutResults(List<UUID> ids) {
        for (UUID id : ids) {
            Map<String, Object> run = jdbc.sql("SELECT status, queue_slot, runner_id, attempt_id, started_at FROM runs WHERE id = :id")
                    .param("id", id).query().singleRow();
            assertThat(run.get("status")).as("run %s", id).isEqualTo("queued");
            assertThat(run.get("queue_slot")).as("run %s holds a backlog slot", id).isNotNull();
            assertThat(run.get("runner_id")).isNull();
            assertThat(run.get("attempt_id")).isNull();
            assertThat(fixture.result(id)).as("run %s has no result", id).isEmpty();
        }
    }

    private Map<String, Object> runnerRow() {
        return jdbc.sql("SELECT accepts_runs, quarantined_at, quarantine_reason FROM runners WHERE id = :id")
                .param("id", properties.id()).query().singleRow();
    }

    private HttpResponse<String> http(String method, String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
