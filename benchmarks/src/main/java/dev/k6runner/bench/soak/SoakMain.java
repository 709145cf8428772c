package dev.k6runner.bench.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import dev.k6runner.bench.client.GatewayClient;
import dev.k6runner.bench.process.Stack;
import dev.k6runner.bench.process.StandinWrapper;
import dev.k6runner.testsupport.TcpProxy;
import dev.k6runner.testsupport.process.ServiceProcess;
import dev.k6runner.testsupport.process.Sleep;

/**
 * The soak with faults (scripts/soak.sh): the whole local mode as separate processes, a few hundred short runs
 * from several clients while a runner is killed, the broker and the analyzer restart and the database goes
 * away briefly; then one line of figures, and exit 1 unless nothing was lost, duplicated or stuck.
 */
public final class SoakMain {

    private static final long RECOVERY_TARGET_SECONDS = 30;

    private SoakMain() {
    }

    public static void main(String[] args) throws Exception {
        SoakSettings settings = SoakSettings.parse(args);
        Files.createDirectories(settings.dataDirectory());
        Path invocationLog = settings.dataDirectory().resolve("k6-invocations.ndjson");
        SoakTarget target = new SoakTarget();
        Path k6 = StandinWrapper.install(settings.dataDirectory().resolve("bin"), settings.speed(), invocationLog, target.beaconUrl());
        long began = System.nanoTime();
        // C1 only: the soak measures no speed, and JIT work at start-up is what a shared 2-core box lacks most.
        Stack stack = new Stack(settings.dataDirectory(), List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"))
                .gatewayEnvironment(Map.of("K6RUNNER_GATEWAY_RELAY_MAINTENANCE_INTERVAL", "1s",
                        "K6RUNNER_GATEWAY_FLEET_RUNNER_ALIVE_WINDOW", "10s"))
                .runnerEnvironment(Map.of("K6_BINARY", k6.toString(),
                        "K6RUNNER_RUNNER_SLOTS", String.valueOf(settings.slots()),
                        "K6RUNNER_RUNNER_HEARTBEAT_INTERVAL", "1s",
                        "K6RUNNER_RUNNER_LEASE_DURATION", "6s",
                        "K6RUNNER_RUNNER_STOP_GRACE_PERIOD", "5s",
                        // Unconfined: the stand-in must append to its invocation log outside the sandbox, so only
                        // bubblewrap may be chosen (never a separate user, as root would), and it is made absent.
                        "K6RUNNER_RUNNER_CONFINEMENT_REQUIRED", "false",
                        "K6RUNNER_RUNNER_CONFINEMENT_MECHANISM", "bubblewrap",
                        "K6RUNNER_RUNNER_CONFINEMENT_BWRAP_BINARY", "/nonexistent/bwrap"));
        FaultyRunners faulty = new FaultyRunners(stack);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            faulty.close();
        }, "soak-stop"));
        progress("starting postgres and kafka (separate processes) in " + settings.dataDirectory());
        stack.startInfrastructure();
        // every service reaches Postgres through a proxy that can make it hang; the soak's own checks do not
        TcpProxy everyService = new TcpProxy(stack.databasePort());
        stack.servicesDatabasePort(everyService.port());
        ServiceProcess gateway = stack.startGateway();
        gateway.awaitReady(Duration.ofSeconds(420));
        stack.liftQuota();
        List<ServiceProcess> runners = new CopyOnWriteArrayList<>();
        Map<String, TcpProxy> routes = new HashMap<>();
        for (int n = 1; n <= settings.runners(); n++) {
            TcpProxy route = new TcpProxy(everyService.port());
            routes.put("runner-" + n, route);
            runners.add(stack.startRunner("runner-" + n, Map.of("DATABASE_URL", stack.databaseUrlThrough(route.port()))));
        }
        List<ServiceProcess> starting = new ArrayList<>(runners);
        starting.addAll(faulty.start());
        starting.add(stack.startAnalyzer());
        Stack.awaitReady(starting);
        faulty.fillDisk();
        progress("ready after " + seconds(began) + " s; submitting " + settings.runs() + " runs from " + settings.clients() + " clients");

        GatewayClient client = new GatewayClient("http://127.0.0.1:" + gateway.port());
        long soakStart = System.nanoTime();
        DatabaseFaults database = new DatabaseFaults(stack, everyService, routes, settings.runners() * settings.slots());
        Faults faults = new Faults(stack, runners, soakStart, database);
        Thread faultThread = Thread.ofPlatform().name("soak-faults").start(faults::run);
        List<Submission> submissions = new SoakClients(client, settings).run();
        faultThread.join();
        progress("submitted after " + seconds(soakStart) + " s; faults: " + faults.done());
        drain(stack, settings.drainLimit());

        SoakChecks.Verdict verdict;
        try (Connection db = stack.jdbc()) {
            verdict = SoakChecks.check(submissions, new SoakChecks.Context(faults.onKilledRunner(), database.mayBeInterrupted(),
                    target.arrivals()), db, client, stack.kafkaBootstrapServers(), invocationLog);
        }
        verdict.problems().stream().limit(60).forEach(p -> System.err.println("soak-detail: " + p));
        System.out.println(line(verdict, faults, database, faulty, settings, seconds(began)));
        stack.close();
        faulty.close();
        target.close();
        everyService.close();
        for (TcpProxy route : routes.values()) {
            route.close();
        }
        System.exit(passed(verdict, database, faults) ? 0 : 1);
    }

    /** Waits until no run is live and the analyzers have committed everything, bounded by the drain limit. */
    private static void drain(Stack stack, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        long lastReport = 0;
        while (System.nanoTime() < deadline) {
            int live;
            try (Connection db = stack.jdbc()) {
                live = SoakChecks.liveRuns(db);
            }
            long lag = live == 0 ? SoakChecks.analyzerLag(stack.kafkaBootstrapServers(), new ArrayList<>()) : -1;
            if (live == 0 && lag == 0) {
                return;
            }
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                progress("draining: " + live + " live runs" + (lag >= 0 ? ", analyzer lag " + lag : ""));
                lastReport = System.nanoTime();
            }
            Sleep.millis(1000);
        }
        progress("drain limit of " + limit.toSeconds() + " s reached");
    }

    private static String line(SoakChecks.Verdict v, Faults faults, DatabaseFaults database, FaultyRunners faulty,
                               SoakSettings settings, long seconds) {
        String statuses = v.byStatus().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        return ("soak: accepted=%d %s lost=%d duplicated=%d unexpected=%d load_after_interrupted=%d quarantined=%d "
                + "not_executed=%d outbox_pending=%d analyzer_lag=%d live=%d http_mismatch=%d rejected=%d on_killed_runner=%d "
                + "may_be_interrupted=%d recovery_after_outage=%ds killed=%s faults=%s faulty_runners=%s runs=%d clients=%d "
                + "runners=%d+1+faulty speed=%s duration=%ds result=%s").formatted(v.accepted(), statuses, v.lost(),
                v.duplicated(), v.unexpected(), v.loadAfterInterrupted(), v.quarantined(), v.notExecuted(), v.outboxPending(),
                v.analyzerLag(), v.live(), v.httpMismatch(), v.rejected(), faults.onKilledRunner().size(),
                database.mayBeInterrupted().size(), database.recoverySeconds(), faults.killedRunner(),
                String.join(",", faults.done()), String.join(",", faulty.notes()), settings.runs(), settings.clients(),
                settings.runners(), settings.speed(), seconds, passed(v, database, faults) ? "PASS" : "FAIL");
    }

    /**
     * The checks, every fault really made, and issue 20's target: runs queued during the long outage start within
     * 30 s after it ends.
     */
    private static boolean passed(SoakChecks.Verdict verdict, DatabaseFaults database, Faults faults) {
        long recovery = database.recoverySeconds();
        return verdict.passed() && !faults.anyFailed() && recovery >= 0 && recovery <= RECOVERY_TARGET_SECONDS;
    }

    private static void progress(String message) {
        System.err.println("soak-progress: " + message);
    }

    private static long seconds(long fromNanos) {
        return (System.nanoTime() - fromNanos) / 1_000_000_000L;
    }
}
