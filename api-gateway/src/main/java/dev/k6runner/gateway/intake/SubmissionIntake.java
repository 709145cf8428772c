package dev.k6runner.gateway.intake;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.gateway.intake.IntakeStore.Accepted;
import dev.k6runner.gateway.outbox.RelayTrace;
import dev.k6runner.gateway.outbox.RelayTrigger;
import dev.k6runner.gateway.teams.Caller;
import dev.k6runner.model.RunSpec;
import dev.k6runner.platform.bundle.BundleKind;
import dev.k6runner.platform.logging.RunMdc;

/**
 * A submission, whichever endpoint it came through (JSON, k6 archive, rerun): checked, stored through the team's
 * group-commit lane (the outbox row), the relay woken. Every refusal is thrown before anything is stored, but a
 * reused idempotency key, which only the store can tell.
 */
@Component
class SubmissionIntake {

    private static final Logger log = LoggerFactory.getLogger(SubmissionIntake.class);
    static final int MAX_IDEMPOTENCY_KEY = 255;

    /** @param position the new run's queue position, read with its batch; null when not read there */
    record Taken(Accepted run, Long position) {
    }

    private final GatewayProperties properties;
    private final GroupCommit store;
    private final RelayTrigger relay;
    private final RelayTrace trace;
    private final IntakeMetrics metrics;
    private final BundleSubmissions bundles;
    private final Clock clock = Clock.systemUTC();

    SubmissionIntake(GatewayProperties properties, GroupCommit store, RelayTrigger relay, RelayTrace trace,
                     IntakeMetrics metrics, BundleSubmissions bundles) {
        this.properties = properties;
        this.store = store;
        this.relay = relay;
        this.trace = trace;
        this.metrics = metrics;
        this.bundles = bundles;
    }

    Taken accept(Caller caller, BundleSubmissions.Submission submission, String idempotencyKey) {
        checkIdempotencyKey(idempotencyKey);
        RunSpec run = RunRequestValidator.validate(submission.request(), properties);
        SubmissionLimits.check(run, caller, properties);
        if (submission.kind() != BundleKind.ARCHIVE) {
            // an archive holds its remote modules (k6 archive vendors them); its entry script is not plain text here
            RemoteImports.refuse(run.script());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        GroupCommit.Settled settled = store.store(new IntakeStore.Submission(caller.teamId(), run,
                id -> bundles.attach(submission, id), idempotencyKey, now, trace.capture()));
        Accepted accepted = switch (settled.outcome()) {
            case IntakeStore.Stored stored when stored.run().replayed()
                    && !bundles.sameBundle(stored.run().id(), submission) ->
                    throw IntakeProblems.keyReused(stored.run().id());
            case IntakeStore.Stored stored -> stored.run();
            case IntakeStore.Refused refused ->
                    throw IntakeProblems.backlogFull(caller.teamId(), refused.backlog(), properties.quotaRetryAfter());
            case IntakeStore.KeyReused reused -> throw IntakeProblems.keyReused(reused.firstRun());
        };
        if (!accepted.replayed()) {
            try (var _ = RunMdc.open(accepted.id())) {
                relay.committed(accepted.id());
                metrics.accepted(caller.teamId());
                log.info("run accepted for team {} ({})", caller.teamId(), run.name());
            }
        }
        return new Taken(accepted, settled.position());
    }

    private static void checkIdempotencyKey(String key) {
        if (key != null && (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e))) {
            throw IntakeProblems.invalidIdempotencyKey(MAX_IDEMPOTENCY_KEY);
        }
    }
}
