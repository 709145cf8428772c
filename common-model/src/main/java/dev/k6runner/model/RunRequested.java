package dev.k6runner.model;

import java.time.Instant;
import java.util.UUID;

/**
 * A run was accepted and stored. Deliberately small: the script, options and env (which may
 * hold secrets) stay in Postgres, and the runner reads them when its claim succeeds.
 */
public record RunRequested(UUID runId, String teamId, String name, Instant submittedAt) {
}
