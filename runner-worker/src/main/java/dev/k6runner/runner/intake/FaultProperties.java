package dev.k6runner.runner.intake;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Faults the runner can be told to make, for the soak and the tests of its self-healing, {@code k6runner.faults.*}.
 * All off by default; never set in production.
 *
 * @param intakeThrowEvery the intake loop throws right after every n-th claim committed (before the run reaches its
 *                         slot), as a bug there would: the run must go back to the queue and the loop restart; 0 = never
 */
@Validated
@ConfigurationProperties("k6runner.faults")
public record FaultProperties(@DefaultValue("0") @Min(0) int intakeThrowEvery) {
}
