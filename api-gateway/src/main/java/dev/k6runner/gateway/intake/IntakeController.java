package dev.k6runner.gateway.intake;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.gateway.intake.IntakeStore.Accepted;
import dev.k6runner.gateway.outbox.RelayTrace;
import dev.k6runner.gateway.outbox.RelayTrigger;
import dev.k6runner.gateway.query.ArrivalPositions;
import dev.k6runner.gateway.query.RunDocument;
import dev.k6runner.gateway.teams.Caller;
import dev.k6runner.gateway.web.ApiProblem;
import dev.k6runner.platform.logging.RunMdc;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.k6runner.model.RunSpec;
import dev.k6runner.platform.bundle.BundleKind;
import dev.k6runner.model.RunStatus;

/** {@code POST /api/v1/test/run}: check, store (the outbox row), wake the relay, answer 202. */
@RestController
@Tag(name = "runs")
class IntakeController {

    private static final Logger log = LoggerFactory.getLogger(IntakeController.class);
    private static final int MAX_IDEMPOTENCY_KEY = 255;

    /** The answer of an accepted submission. */
    record Queued(UUID testId, String status, Instant submittedAt, Long queuePosition) {
    }

    private final GatewayProperties properties;
    private final GroupCommit store;
    private final RelayTrigger relay;
    private final RunWaiter waiter;
    private final ArrivalPositions positions;
    private final RelayTrace trace;
    private final IntakeMetrics metrics;
    private final BundleSubmissions bundleSubmissions;
    private final Clock clock = Clock.systemUTC();

    IntakeController(GatewayProperties properties, GroupCommit store, RelayTrigger relay, RunWaiter waiter,
                     ArrivalPositions positions, RelayTrace trace, IntakeMetrics metrics, BundleSubmissions bundleSubmissions) {
        this.bundleSubmissions = bundleSubmissions;
        this.properties = properties;
        this.store = store;
        this.relay = relay;
        this.waiter = waiter;
        this.positions = positions;
        this.trace = trace;
        this.metrics = metrics;
    }

    @Operation(summary = "Submit a k6 test",
            description = "202 with Location once stored. `?wait=SECONDS` (0..300) blocks until the run ends: 200 with the "
                    + "full document if it did, else the 202. `Idempotency-Key` (<= 255 printable ASCII): a retry with the "
                    + "same key and the same body returns the first run (header `Idempotent-Replayed: true`); the same key with another "
                    + "body is refused (422 `idempotency-key-reused`). Errors (problem+json; nothing is stored on any error): "
                    + "400 malformed JSON, unknown field, bad value or reserved env name (`errors[].pointer` says where); "
                    + "413 script or body too large, with or without Content-Length; 422 `limit-exceeded`, "
                    + "`remote-module` or `idempotency-key-reused`; 429 backlog full: max_queued_runs runs already wait (Retry-After); runs over the running limit are queued, not refused; "
                    + "503 database unavailable. Multi-file tests: `files` (relative path → UTF-8 text) beside `script`, or a "
                    + "`k6 archive` tar sent as multipart/form-data (part `archive`, optional part `request` with the other "
                    + "fields); refusals 400 `bundle-path`, `bundle-entry-type`, `bundle-too-many-files`, `bundle-malformed`, "
                    + "413 `bundle-too-large`.")
    @ApiResponse(responseCode = "202", description = "stored and queued: `{test_id, status, submitted_at, queue_position}`; "
            + "`status` is the run's current one when this is a replay or after a `wait`",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Queued.class)),
            headers = {@Header(name = "Location", description = "the run's document: /api/v1/test/results/{test_id}",
                    schema = @Schema(type = "string", format = "uri-reference")),
                @Header(name = "Idempotent-Replayed", description = "`true` when this answers an earlier submission "
                    + "with the same Idempotency-Key", schema = @Schema(type = "string", allowableValues = "true"))})
    @ApiResponse(responseCode = "200", description = "with `?wait`: the run ended in time; the full result document",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunDocument.class)),
            headers = {@Header(name = "Location", description = "the run's document: /api/v1/test/results/{test_id}",
                    schema = @Schema(type = "string", format = "uri-reference")),
                @Header(name = "Idempotent-Replayed", description = "`true` when this answers an earlier submission "
                    + "with the same Idempotency-Key", schema = @Schema(type = "string", allowableValues = "true"))})
    @ApiResponse(responseCode = "400", content = @Content(mediaType = "application/problem+json"), description = "`validation` or "
            + "`malformed-json`: each wrong field in `errors[].pointer` (`#/vus`, `#/duration`, `#/env/NAME` …). Reserved env "
            + "names are refused with the reason: `K6_*` (k6 options), `PATH`, `HOME`, `TMPDIR`, `LD_*` and glibc's `GCONV_PATH`, `GLIBC_TUNABLES` …, the Go runtime's `GODEBUG`, `GOGC`, `GOMEMLIMIT`, `GOMAXPROCS`, `GOTRACEBACK`, `GORACE`, "
            + "`HTTP_PROXY`/`HTTPS_PROXY`/`NO_PROXY`/`ALL_PROXY` in any case, `SSL_CERT_FILE`, `SSL_CERT_DIR`")
    @ApiResponse(responseCode = "413", content = @Content(mediaType = "application/problem+json"), description = "`script-too-large`: "
            + "the script is over max-script-bytes, or the body is over twice that plus 256 KiB, whether it came with "
            + "Content-Length or chunked; the answer is sent before the connection closes, so the client can read it")
    @ApiResponse(responseCode = "422", content = @Content(mediaType = "application/problem+json"), description = "`limit-exceeded`: "
            + "`vus` or `duration` over the team's max_vus / max_duration or the server's max-vus / max-duration, or "
            + "`iterations` over max-iterations (detail names the limit and the value asked; `errors[].pointer` the field). "
            + "`remote-module`: the script imports a module from an http(s) URL (`import … from 'https://…'`, "
            + "`import('https://…')`, `require('https://…')`); vendor it into a k6 archive. `idempotency-key-reused`")
    @ApiResponse(responseCode = "429", content = @Content(mediaType = "application/problem+json"),
            description = "`backlog-full`: the team's queued runs fill its max_queued_runs; Retry-After")
    @ApiResponse(responseCode = "503", content = @Content(mediaType = "application/problem+json"),
            description = "`unavailable`: the run cannot be stored safely now; Retry-After")
    @PostMapping(path = "/api/v1/test/run", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Object submit(Caller caller,
                             @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true) @RequestBody(required = false) RunRequest body,
                             @Parameter(description = "a retried submission with the same key and body answers the first run",
                                     schema = @Schema(type = "string", minLength = 1, maxLength = MAX_IDEMPOTENCY_KEY, pattern = "^[!-~]+$"))
                             @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
                             @Parameter(description = "seconds to wait for the run to end (0..300, the server's max-wait)",
                                     schema = @Schema(type = "integer", minimum = "0", maximum = "300", defaultValue = "0"))
                             @RequestParam(value = "wait", required = false) String wait) {
        return accept(caller, bundleSubmissions.json(body), idempotencyKey, wait);
    }

    /**
     * multipart/form-data: part `archive`, a tar made by `k6 archive`; optional part `request`, JSON with every field of
     * the JSON body except `script` and `files`. Runs as `k6 run archive.tar` with the request's overrides. Hidden from
     * springdoc, which would merge it with the JSON operation of the same path and lose that one's answers;
     * {@code gateway.bundle.ArchiveUploadDescription} adds it to the description as the request body's second content.
     */
    @Operation(hidden = true)
    @PostMapping(path = "/api/v1/test/run", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Object submitArchive(Caller caller, MultipartHttpServletRequest multipart,
                                    @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
                                    @RequestParam(value = "wait", required = false) String wait) {
        return accept(caller, bundleSubmissions.archive(multipart), idempotencyKey, wait);
    }

    @Operation(summary = "Run a test again from history",
            description = "A new run with the same script, bundle and options as run {test_id}, without uploading again. The "
                    + "body (optional, the JSON body's fields except `script` and `files`) overrides fields; `env` must be "
                    + "given again: env values are not kept once a run ends.")
    @PostMapping(path = "/api/v1/test/results/{test_id}/rerun", produces = MediaType.APPLICATION_JSON_VALUE)
    Object rerun(Caller caller, @PathVariable("test_id") UUID id, @RequestBody(required = false) RunRequest overrides,
                            @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
                            @RequestParam(value = "wait", required = false) String wait) {
        return accept(caller, bundleSubmissions.rerun(caller.teamId(), id, overrides), idempotencyKey, wait);
    }

    private Object accept(Caller caller, BundleSubmissions.Submission submission, String idempotencyKey, String wait) {
        Duration waitFor = parseWait(wait);
        checkIdempotencyKey(idempotencyKey);
        RunSpec run = RunRequestValidator.validate(submission.request(), properties);
        SubmissionLimits.check(run, caller, properties);
        if (submission.kind() != BundleKind.ARCHIVE) {
            // an archive holds its remote modules (k6 archive vendors them); its entry script is not plain text here
            RemoteImports.refuse(run.script());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        GroupCommit.Settled settled = store.store(new IntakeStore.Submission(caller.teamId(), run,
                id -> bundleSubmissions.attach(submission, id), idempotencyKey, now, trace.capture()));
        Accepted accepted = switch (settled.outcome()) {
            case IntakeStore.Stored stored when stored.run().replayed()
                    && !bundleSubmissions.sameBundle(stored.run().id(), submission) ->
                    throw IntakeProblems.keyReused(stored.run().id());
            case IntakeStore.Stored stored -> stored.run();
            case IntakeStore.Refused refused ->
                    throw IntakeProblems.backlogFull(caller.teamId(), refused.backlog(), properties.quotaRetryAfter());
            case IntakeStore.KeyReused reused -> throw IntakeProblems.keyReused(reused.firstRun());
        };
        try (var _ = RunMdc.open(accepted.id())) {
            if (!accepted.replayed()) {
                relay.committed(accepted.id());
                metrics.accepted(caller.teamId());
                log.info("run accepted for team {} ({})", caller.teamId(), run.name());
            }
            return answer(caller, accepted, settled.position(), waitFor);
        }
    }

    /**
     * @param position the new run's queue position read with its batch; null: read it here
     * @return the 202 at once, or with {@code ?wait} the answer once the run ended or the wait is over, written later
     *         (the request thread is not held meanwhile)
     */
    private Object answer(Caller caller, Accepted accepted, Long position, Duration waitFor) {
        HttpHeaders headers = new HttpHeaders();
        headers.setLocation(URI.create("/api/v1/test/results/" + accepted.id()));
        if (accepted.replayed()) {
            headers.add("Idempotent-Replayed", "true");
        }
        if (waitFor.isZero()) {
            // A fresh run is queued; only a replay may have seen it move since.
            RunStatus now = accepted.replayed() ? currentStatus(caller, accepted) : accepted.status();
            return queued(accepted, headers, now, now == accepted.status() ? position : null);
        }
        return waiter.later(waitFor, () -> waiter.awaitEnd(caller.teamId(), accepted.id(), waitFor)
                .<ResponseEntity<?>>map(ended -> ResponseEntity.ok().headers(headers).body(ended))
                .orElseGet(() -> queued(accepted, headers, currentStatus(caller, accepted), null)));
    }

    private RunStatus currentStatus(Caller caller, Accepted accepted) {
        return waiter.currentStatus(caller.teamId(), accepted.id()).orElse(accepted.status());
    }

    /** @param position the run's queue position read with its batch; null: read it now (if it is queued) */
    private ResponseEntity<?> queued(Accepted accepted, HttpHeaders headers, RunStatus status, Long position) {
        OptionalLong queued = position != null ? OptionalLong.of(position)
                : status == RunStatus.QUEUED ? positions.positionOf(accepted.id()) : OptionalLong.empty();
        return ResponseEntity.status(HttpStatus.ACCEPTED).headers(headers)
                .body(new Queued(accepted.id(), status.wireName(), accepted.submittedAt(), queued.isPresent() ? queued.getAsLong() : null));
    }

    private Duration parseWait(String wait) {
        if (wait == null || wait.isEmpty()) {
            return Duration.ZERO;
        }
        long max = properties.maxWait().toSeconds();
        try {
            long seconds = Long.parseLong(wait);
            if (seconds >= 0 && seconds <= max) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiProblem.badParameter("wait", "must be whole seconds from 0 to " + max + ", got '" + wait + "'");
    }

    private static void checkIdempotencyKey(String key) {
        if (key != null && (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e))) {
            throw IntakeProblems.invalidIdempotencyKey(MAX_IDEMPOTENCY_KEY);
        }
    }
}
