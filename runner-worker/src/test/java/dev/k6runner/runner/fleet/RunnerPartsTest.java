package dev.k6runner.runner.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;

import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.k6runner.model.RunFinished;
import dev.k6runner.model.RunRequested;
import dev.k6runner.model.Topic;
import dev.k6runner.runner.execution.StopReason;
import dev.k6runner.model.RunStatus;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.platform.kafka.KafkaPlatformProperties;
import dev.k6runner.runner.FinishedEvents;
import dev.k6runner.runner.RunnerFixture;
import dev.k6runner.runner.RunnerFixture.Request;
import dev.k6runner.runner.RunnerMetrics;
import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.StandinK6;
import dev.k6runner.runner.bundle.RunBundles;
import dev.k6runner.runner.claim.RunClaimer;
import dev.k6runner.runner.SegmentProperties;
import dev.k6runner.runner.segments.SegmentResults;
import dev.k6runner.runner.segments.SegmentStore;
import dev.k6runner.runner.control.CancelListener;
import dev.k6runner.runner.execution.K6Installation;
import dev.k6runner.runner.execution.ProcessLauncher;
import dev.k6runner.runner.execution.RunExecutor;
import dev.k6runner.runner.execution.RunningRuns;
import dev.k6runner.runner.execution.Slots;
import dev.k6runner.runner.intake.RecordTracing;
import dev.k6runner.runner.intake.RunIntake;
import dev.k6runner.runner.publish.ResultArchive;
import dev.k6runner.runner.publish.ResultOutbox;
import dev.k6runner.runner.publish.ResultPublisher;
import dev.k6runner.runner.intake.FaultProperties;
import dev.k6runner.runner.loops.LoopProperties;
import dev.k6runner.runner.loops.Loops;
import dev.k6runner.runner.quarantine.Quarantine;
import dev.k6runner.runner.quarantine.QuarantineProperties;
import dev.k6runner.runner.publish.ResultPublishingProperties;
import dev.k6runner.runner.sandbox.Confinement;
import dev.k6runner.runner.sandbox.ConfinementProbe;
import dev.k6runner.testsupport.SharedKafka;
import dev.k6runner.testsupport.SharedPostgres;

/**
 * The runner's parts on a real Postgres and Kafka without the share group: a missing k6, a refused
 * confinement, a shutdown in the middle of a run, a script over its team's or the server's VU limit (k6 run never
 * started), and no env value on any process's command line while a run runs.
 */
class RunnerPartsTest {

    @TempDir
    Path root;

    private final EventCodec codec = new EventCodec();
    private DataSource dataSource;
    private JdbcClient jdbc;
    private TransactionTemplate transactions;
    private KafkaTemplate<String, String> kafka;
    private DefaultKafkaProducerFactory<String, String> producers;
    private ProcessLauncher launcher;
    private RunnerFixture fixture;

    @BeforeEach
    void database() {
        String url = SharedPostgres.freshDatabase();
        Flyway.configure().dataSource(url, SharedPostgres.username(), SharedPostgres.password()).load().migrate();
        dataSource = new DriverManagerDataSource(url, SharedPostgres.username(), SharedPostgres.password());
        jdbc = JdbcClient.create(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        producers = new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
        kafka = new KafkaTemplate<>(producers);
        launcher = new ProcessLauncher();
        fixture = new RunnerFixture(jdbc, kafka, codec);
    }

    @AfterEach
    void close() {
        launcher.close();
        producers.destroy();
    }

    @Test
    void aMissingK6FailsTheRunAtOnceSayingHowToInstallIt() throws Exception {
        RunnerProperties properties = properties(true, "bwrap");
        K6Installation k6 = K6Installation.detect("/nonexistent/k6", launcher);
        Runner runner = runner(properties, k6, ConfinementProbe.probe(properties));
        UUID id = runner.claimAndRun(Request.of(StandinK6.scriptFor("basic-get")));

        fixture.awaitStatus(id, "analyzing", Duration.ofSeconds(30));
        Map<String, Object> result = fixture.result(id).orElseThrow();
        assertThat(result.get("outcome")).isEqualTo("failed");
        assertThat(result.get("k6_exit_code")).isNull();
        assertThat(result.get("outcome_reason")).isEqualTo("k6 not found at '/nonexistent/k6': install k6 "
                + "(https://grafana.com/docs/k6/latest/set-up/install-k6/) or set K6_BINARY");
        RunFinished event = awaitEvent(id);
        assertThat(event.outcome()).isEqualTo(RunStatus.FAILED);
        assertThat(event.statusReason()).contains("install k6");

        Health health = new RunnerHealthIndicator(runner.description(), runner.runs(), runner.loops(), runner.quarantine()).health();
        assertThat(health.getDetails().get("k6")).isEqualTo(Map.of("available", false, "binary", "/nonexistent/k6", "version", ""));
        assertThat(health.getDetails()).containsEntry("acceptsRuns", false);
    }

    @Test
    void aRequiredConfinementThatIsUnavailableRefusesTheRun() throws Exception {
        RunnerProperties properties = properties(true, "/nonexistent/bwrap");
        Runner runner = runner(properties, installStandin(), ConfinementProbe.probe(properties));
        UUID id = runner.claimAndRun(Request.of(StandinK6.scriptFor("basic-get")));

        fixture.awaitStatus(id, "analyzing", Duration.ofSeconds(30));
        assertThat((String) fixture.result(id).orElseThrow().get("outcome_reason"))
                .startsWith("runner refuses to run k6 unconfined: bubblewrap ('/nonexistent/bwrap') not found");
        assertThat(runner.description().confinement()).startsWith("none: ");
        assertThat(runner.description().acceptsRuns()).isFalse();
    }

    @Test
    void onShutdownARunStillGoingAfterTheGracePeriodIsStoppedAndKeepsItsPartialResults() throws Exception {
        RunnerProperties properties = properties(false, "bwrap");
        Runner runner = runner(properties, installStandin(), ConfinementProbe.probe(properties));
        runner.lifecycle().start();
        UUID id = runner.claimAndRun(Request.of(StandinK6.scriptFor("sigint")));
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.requestsSoFar(id) > 0);

        runner.lifecycle().stop();

        Map<String, Object> result = fixture.result(id).orElseThrow();
        assertThat(result.get("outcome")).isEqualTo("interrupted");
        assertThat(result.get("k6_exit_code")).isEqualTo(105);
        assertThat((String) result.get("outcome_reason")).endsWith(": the runner shut down");
        assertThat(result.get("raw_summary")).isEqualTo(StandinK6.recorded("sigint", "summary-export.json"));
        assertThat(awaitEvent(id).outcome()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(jdbc.sql("SELECT accepts_runs FROM runners WHERE id = :id").param("id", properties.id())
                .query(Boolean.class).single()).isFalse();
        assertThat(runner.runs().size()).isZero();
    }

    @Test
    void theIntakeClaimsFromTheDatabaseWithoutARecordAndTakesRecordsOnlyAsWakeUps() throws Exception {
        RunnerProperties properties = properties(false, "bwrap");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Runner runner = runner(properties, K6Installation.detect(installStandin().toString(), launcher),
                ConfinementProbe.probe(properties), meters);
        jdbc.sql("UPDATE runs SET status = 'cancelled' WHERE status = 'queued'").update();
        UUID held = fixture.store("holds-the-slot", Request.of(StandinK6.scriptFor("sigterm")));
        RecordingShareConsumer consumer = new RecordingShareConsumer();
        consumer.subscribe(List.of(Topic.Names.RUNS_REQUESTED));
        for (UUID id : List.of(UUID.randomUUID(), UUID.randomUUID())) {
            consumer.addRecord(new ConsumerRecord<>(Topic.Names.RUNS_REQUESTED, 0, consumer.offsets++, id.toString(),
                    codec.encode(new RunRequested(id, "default", "intake", Instant.now()))));
        }
        RunIntake intake = new RunIntake(() -> consumer, new RunClaimer(jdbc, transactions, properties, SegmentProperties.defaults()), runner.executor(),
                runner.slots(), RecordTracing.NONE, properties, runner.loops(), runner.quarantine(), new FaultProperties(0));
        intake.start();
        try {
            fixture.awaitStatus(held, "running", Duration.ofSeconds(30));
            assertThat(consumer.acknowledgements).as("its one slot is taken: it polls nothing").isEmpty();
            runner.runs().get(held).ifPresent(run -> run.requestStop(StopReason.CANCEL));
            fixture.awaitStatus(held, "analyzing", Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).until(() -> consumer.acknowledgements.size() == 2);
            assertThat(consumer.acknowledgements).as("records are wake-ups: every one accepted").containsExactly("ACCEPT", "ACCEPT");
        } finally {
            intake.stopTaking();
        }
    }

    @Test
    void claimsFollowTheWeightedFairShareAndATeamAtItsLimitWaitsWithoutBlockingOthers() throws Exception {
        RunClaimer claimer = new RunClaimer(jdbc, transactions, properties(false, "bwrap"), SegmentProperties.defaults());
        jdbc.sql("UPDATE runs SET status = 'cancelled' WHERE status = 'queued'").update();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String a = team("fa-" + suffix, 1, null);
        String b = team("fb-" + suffix, 2, null);
        String c = team("fc-" + suffix, 1, 1);
        UUID cHolds = seed(c, "running", 0);
        UUID c1 = seed(c, "queued", 1);
        List<UUID> expected = List.of(seed(a, "queued", 2), seed(b, "queued", 5), seed(b, "queued", 6), seed(a, "queued", 3),
                seed(b, "queued", 7), seed(a, "queued", 4));

        List<UUID> claimed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            claimed.add(claimer.claimNext().orElseThrow().run().runId());
        }
        assertThat(claimed).as("a first on the tie, then b with twice a's weight catches up").isEqualTo(expected);
        assertThat(claimer.claimNext()).as("c holds its one slot: its run waits").isEmpty();
        jdbc.sql("UPDATE runs SET status = 'analyzing' WHERE id = ?").param(cHolds).update();
        assertThat(claimer.claimNext().orElseThrow().run().runId()).isEqualTo(c1);
    }

    /**
     * The soak's unexpected run of 2026-12-02: a claim that waited for the claim lock (another runner's claim hung on
     * the database) got a lease counted from its transaction's start, already expired when it committed, and the
     * reaper interrupted it 0.6 s after k6 started. A lease is counted from the moment it is written.
     */
    @Test
    void aClaimThatWaitedForTheClaimLockGetsAWholeLease() throws Exception {
        RunnerProperties leased = properties(false, "bwrap");
        RunClaimer claimer = new RunClaimer(jdbc, transactions, leased, SegmentProperties.defaults());
        jdbc.sql("UPDATE runs SET status = 'cancelled' WHERE status = 'queued'").update();
        UUID id = seed(team("lw-" + UUID.randomUUID().toString().substring(0, 6), 1, null), "queued", 1);
        Instant released;
        var claim = new java.util.concurrent.FutureTask<>(claimer::claimNext);
        try (java.sql.Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("SELECT pg_advisory_xact_lock(7725166237226165089)");
            Thread.ofVirtual().start(claim);
            Duration held = leased.leaseDuration().plusSeconds(1);
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("""
                    SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'advisory'
                       AND clock_timestamp() - xact_start > make_interval(secs => :held)""")
                    .param("held", (double) held.toMillis() / 1000).query(Long.class).single() > 0);
            released = jdbc.sql("SELECT clock_timestamp()").query(java.sql.Timestamp.class).single().toInstant();
            holder.commit();
        }
        assertThat(claim.get(30, java.util.concurrent.TimeUnit.SECONDS).orElseThrow().run().runId()).isEqualTo(id);
        Instant lease = jdbc.sql("SELECT lease_expires_at FROM runs WHERE id = ?").param(id)
                .query(java.sql.Timestamp.class).single().toInstant();
        assertThat(lease).as("a whole lease from the claim's commit, not from its transaction's start")
                .isAfter(released.plus(leased.leaseDuration()).minusMillis(500));
    }

    private String team(String id, int weight, Integer maxRunning) {
        jdbc.sql("INSERT INTO teams (id, name, weight, max_running_runs) VALUES (?, ?, ?, ?)")
                .params(id, id, weight, maxRunning).update();
        return id;
    }

    private UUID seed(String team, String status, int secondsAfter2001) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, queue_slot)
                VALUES (?, ?, 'fair', ?, 'x', 60, TIMESTAMPTZ '2001-01-01 00:00:00Z' + make_interval(secs => ?),
                        CASE WHEN CAST(? AS text) = 'queued' THEN CAST(? AS integer) END)""")
                .params(id, team, status, secondsAfter2001, status, secondsAfter2001).update();
        return id;
    }

    @Test
    void aScriptAskingForMoreVusThanItsTeamMayEndsFailedAndK6RunIsNeverStarted() throws Exception {
        jdbc.sql("UPDATE teams SET max_vus = 1000 WHERE id = 'default'").update();
        assertRefusedBeforeAnyLoad("the test needs 5800 VUs; the team's limit (max_vus) is 1000");
    }

    @Test
    void aScriptAskingForMoreVusThanTheServerAllowsEndsFailedAndK6RunIsNeverStarted() throws Exception {
        assertRefusedBeforeAnyLoad("the test needs 5800 VUs; the server's limit (k6runner.runner.limits.max-vus) is 1000");
    }

    /** The inspect-scenarios script as a user would send it (no stand-in directive): 5,000 + 800 VUs in its own options. */
    private void assertRefusedBeforeAnyLoad(String reason) throws Exception {
        RunnerProperties properties = properties(false, "bwrap");
        Runner runner = runner(properties, installStandin(), ConfinementProbe.probe(properties));
        UUID id = runner.claimAndRun(Request.of(StandinK6.recorded("inspect-scenarios", "script.js")));

        fixture.awaitStatus(id, "analyzing", Duration.ofSeconds(60));
        Map<String, Object> result = fixture.result(id).orElseThrow();
        assertThat(result.get("outcome")).isEqualTo("failed");
        assertThat(result.get("outcome_reason")).isEqualTo(reason);
        assertThat(result.get("k6_exit_code")).isNull();
        assertThat(result.get("raw_summary")).isNull();
        assertThat(fixture.run(id).get("status_reason")).isEqualTo(reason);
        RunFinished event = awaitEvent(id);
        assertThat(event.outcome()).isEqualTo(RunStatus.FAILED);
        assertThat(event.statusReason()).isEqualTo(reason);
        List<List<String>> invoked = invocationsOf(id).stream().map(StandinK6::args).toList();
        assertThat(invoked).as("k6 inspect ran, k6 run (the only command that sends requests) never did")
                .containsExactly(List.of("inspect", "--execution-requirements", "--include-system-env-vars=true", "script.js"));
    }

    /** Unconfined, or (where the runner may switch users) k6 under a uid of its own: whatever runs without bwrap. */
    @Test
    void noEnvValueIsOnAnyProcesssCommandLineWhileItsRunRuns_withoutBubblewrap() throws Exception {
        assertNoEnvValueOnAnyCommandLine(properties(false, "/nonexistent/bwrap"));
    }

    @Test
    void noEnvValueIsOnAnyProcesssCommandLineWhileItsRunRuns_inBubblewrap() throws Exception {
        RunnerProperties properties = properties(false, "bwrap");
        org.junit.jupiter.api.Assumptions.assumeTrue(ConfinementProbe.probe(properties).describe().startsWith("bubblewrap"),
                "bubblewrap cannot create a sandbox on this host");
        assertNoEnvValueOnAnyCommandLine(properties);
    }

    /** Reads every process's /proc/<pid>/cmdline while k6 runs, as any user of the host can. */
    private void assertNoEnvValueOnAnyCommandLine(RunnerProperties properties) throws Exception {
        Confinement confinement = ConfinementProbe.probe(properties);
        Runner runner = runner(properties, installStandin(1.0), confinement);
        String token = "tok-" + UUID.randomUUID();
        String other = "val-" + UUID.randomUUID();
        UUID id = runner.claimAndRun(Request.of(StandinK6.scriptFor("sigint")).withEnv(Map.of("TOKEN", token, "OTHER", other)));
        try {
            // k6 is running: its stream has requests (no heartbeat here, so the live progress, not the row)
            await().atMost(Duration.ofSeconds(60)).until(() -> runner.runs().get(id)
                    .flatMap(run -> run.progress(Instant.now())).map(progress -> progress.requests() > 0).orElse(false));
            Map<Long, String> commandLines = commandLines();
            assertThat(commandLines.values()).as("k6 (the stand-in) is running").anyMatch(line -> line.contains(id.toString())
                    || line.contains(dev.k6runner.standin.Main.class.getName()));
            commandLines.forEach((pid, line) -> assertThat(line)
                    .as("/proc/%d/cmdline under %s (an env value on bwrap's argv means Bubblewrap.wrap still turns env into --setenv)",
                            pid, confinement.describe())
                    .doesNotContain(token).doesNotContain(other));
            Map<String, Object> k6Run = invocationsOf(id).stream().filter(i -> StandinK6.args(i).getFirst().equals("run")).findFirst().orElseThrow();
            assertThat(k6Run.get("env")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("TOKEN", token).containsEntry("OTHER", other);
            assertThat(StandinK6.args(k6Run)).contains("--include-system-env-vars=true").noneMatch(arg -> arg.contains(token) || arg.contains(other));
        } finally {
            runner.runs().get(id).ifPresent(run -> run.requestStop(StopReason.CANCEL));
            fixture.awaitStatus(id, "analyzing", Duration.ofSeconds(60));
            // the slot is given back once the result files are written: only then may the test's folder go
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.runs().size() == 0);
        }
    }

    private static Map<Long, String> commandLines() throws IOException {
        Map<Long, String> lines = new java.util.TreeMap<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), entry -> entry.getFileName().toString().matches("\\d+"))) {
            for (Path process : proc) {
                try {
                    lines.put(Long.parseLong(process.getFileName().toString()),
                            new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' '));
                } catch (IOException gone) {
                    // the process ended meanwhile
                }
            }
        }
        return lines;
    }

    private List<Map<String, Object>> invocationsOf(UUID id) {
        return StandinK6.invocations(root.resolve("logs/k6-invocations.ndjson"), id);
    }

    /** Kafka's mock share consumer, remembering how each record was acknowledged. */
    private static final class RecordingShareConsumer extends MockShareConsumer<String, String> {
        final List<String> acknowledgements = new CopyOnWriteArrayList<>();
        long offsets;

        @Override
        public synchronized void acknowledge(ConsumerRecord<String, String> record, AcknowledgeType type) {
            acknowledgements.add(type.name());
        }
    }

    private RunFinished awaitEvent(UUID id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !FinishedEvents.of(id).isEmpty());
        return FinishedEvents.of(id).getFirst();
    }

    private Path installStandin() {
        return installStandin(3.0);
    }

    private Path installStandin(double speed) {
        return StandinK6.install(root.resolve("bin"), speed, root.resolve("logs/k6-invocations.ndjson"));
    }

    private Runner runner(RunnerProperties properties, Path k6Binary, Confinement confinement) {
        return runner(properties, K6Installation.detect(k6Binary.toString(), launcher), confinement);
    }

    private Runner runner(RunnerProperties properties, K6Installation k6, Confinement confinement) {
        return runner(properties, k6, confinement, new SimpleMeterRegistry());
    }

    private Runner runner(RunnerProperties properties, K6Installation k6, Confinement confinement, SimpleMeterRegistry meters) {
        RunnerMetrics metrics = new RunnerMetrics(meters);
        RunningRuns runs = new RunningRuns();
        Slots slots = new Slots(properties);
        ResultOutbox outbox = new ResultOutbox(properties, codec, metrics, ResultPublishingProperties.defaults());
        ResultArchive archive = new ResultArchive(properties, outbox);
        RunClaimer claimer = new RunClaimer(jdbc, transactions, properties, SegmentProperties.defaults());
        Loops loops = new Loops(new LoopProperties(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(60)), meters);
        Quarantine quarantine = new Quarantine(claimer, new QuarantineProperties(3, Duration.ofSeconds(30)), properties, meters);
        RunExecutor executor = new RunExecutor(properties, k6, confinement, launcher, runs, slots,
                new ResultPublisher(jdbc, transactions, kafka, codec, outbox), archive, metrics,
                Optional.of(Tracer.NOOP), RunBundles.none(), quarantine,
                new SegmentResults(new SegmentStore(jdbc, transactions, codec), outbox, kafka, codec));
        RunnerDescription description = new RunnerDescription(properties.id(), "test-host", k6.available() ? k6.path() : k6.configured(),
                k6.version(), k6.available(), confinement.describe(), k6.available() && confinement.allowsRuns(), properties.slots());
        Heartbeat heartbeat = new Heartbeat(dataSource, properties, description, runs, codec, metrics, loops, quarantine);
        // no share group here: runs are claimed directly; the intake and control threads are never started
        RunIntake intake = new RunIntake(() -> {
            throw new IllegalStateException("not used");
        }, null, executor, slots, RecordTracing.NONE, properties, loops, quarantine, new FaultProperties(0));
        CancelListener control = new CancelListener(new KafkaProperties(), new KafkaPlatformProperties(null, null, null, null),
                properties, runs, codec, loops);
        RunnerLifecycle lifecycle = new RunnerLifecycle(heartbeat, control, intake, executor, runs, launcher, properties);
        return new Runner(claimer, executor, slots, runs, description, lifecycle, fixture, loops, quarantine);
    }

    private record Runner(RunClaimer claimer, RunExecutor executor, Slots slots, RunningRuns runs, RunnerDescription description,
                          RunnerLifecycle lifecycle, RunnerFixture fixture, Loops loops, Quarantine quarantine) {
        UUID claimAndRun(Request request) throws InterruptedException {
            UUID id = fixture.store("parts", request);
            assertThat(slots.acquire(Duration.ofSeconds(1))).isTrue();
            executor.submit(claimer.claim(id).orElseThrow());
            return id;
        }
    }

    private RunnerProperties properties(boolean confinementRequired, String bwrap) throws Exception {
        Path logs = Files.createDirectories(root.resolve("logs"));
        return new RunnerProperties("parts-" + UUID.randomUUID().toString().substring(0, 6), 1, null, root.resolve("results"),
                root.resolve("work"), Duration.ofMillis(300), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(1), null,
                Duration.ofMillis(200), null,
                new RunnerProperties.Confinement(confinementRequired, bwrap, StandinK6.readOnlyPathsNeeded(), List.of(logs),
                        "bubblewrap", null), null, null, null, null);
    }
}
