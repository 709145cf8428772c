package dev.k6runner.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.runner.RunnerFixture.Request;
import dev.k6runner.runner.loops.Loops;
import dev.k6runner.testsupport.TestInfrastructure;

/**
 * The intake loop throws right after every second claim commits ({@code k6runner.faults.intake-throw-every=2}), as a
 * bug there would: the loop must come back, count the restart, and the run it held must go back to the queue and
 * run, never be lost (left running until the reaper interrupts it).
 */
@SpringBootTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SelfHealingIntakeTest {

    static final Path ROOT = RunnerWorkerTest.tempRoot();
    static final Path INVOCATIONS = ROOT.resolve("logs/k6-invocations.ndjson");

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
        RunnerTestSettings.register(registry, ROOT, INVOCATIONS, 1);
        registry.add("k6runner.faults.intake-throw-every", () -> "2");
    }

    @Autowired JdbcClient jdbc;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired EventCodec codec;
    @Autowired MeterRegistry meters;
    @Autowired Loops loops;

    RunnerFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new RunnerFixture(jdbc, kafka, codec);
    }

    @Test
    void anIntakeLoopThatThrowsAfterAClaimKeepsTakingRunsAndNoClaimedRunIsLost() throws Exception {
        double restartsBefore = restarts();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(fixture.submit("self-healing-" + i, Request.of(StandinK6.scriptFor("no-requests"))));
        }

        for (UUID id : ids) {
            fixture.awaitStatus(id, "analyzing", Duration.ofSeconds(90));
            assertThat(fixture.result(id).orElseThrow().get("outcome")).as("run %s", id).isEqualTo("completed");
        }
        assertThat(restarts() - restartsBefore).as("the intake loop restarted after each injected throw").isGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> loops.running(Loops.INTAKE));
        for (UUID id : ids) {
            assertThat(fixture.run(id).get("status")).as("run %s was not left to the reaper", id).isEqualTo("analyzing");
        }
    }

    private double restarts() {
        return meters.get("k6runner.loop.restarts").tag("loop", "intake").counter().count();
    }
}
