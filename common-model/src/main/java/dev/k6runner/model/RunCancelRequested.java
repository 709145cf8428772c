package dev.k6runner.model;

import java.time.Instant;
import java.util.UUID;

/**
 * A user asked to stop a run. Fast path only: the request is also stored on the run row,
 * and runners re-check it on every heartbeat, so a lost message delays a cancel, never loses it.
 */
public record RunCancelRequested(UUID runId, String teamId, Instant requestedAt) {
}
