package dev.k6runner.runner.execution;

import java.util.function.Consumer;

/**
 * k6 run's own banner line ({@code … 5800 max VUs, 2m0s max duration (incl. graceful stop)}), checked against the
 * limits again: a script whose options changed since inspect (Math.random, the environment) is killed as soon as k6
 * says so, which it does before it initialises the VUs (k6 v0.49 cmd/run.go). Only the first banner line counts:
 * k6 prints it before anything of the script's can reach stdout.
 */
final class Backstop implements Consumer<String> {

    private final LimitCheck limits;
    private final ExecutionRequirements inspected;
    private final Violation violation;
    private volatile boolean seen;

    Backstop(LimitCheck limits, ExecutionRequirements inspected, Violation violation) {
        this.limits = limits;
        this.inspected = inspected;
        this.violation = violation;
    }

    @Override
    public void accept(String stdoutLine) {
        if (seen) {
            return;
        }
        ExecutionRequirements.fromBanner(stdoutLine).ifPresent(planned -> {
            seen = true;
            limits.exceeded(planned).ifPresent(why -> violation.report("k6 run planned more than k6 inspect had said ("
                    + inspected.maxVus() + " VUs, " + inspected.totalDurationText() + "): " + why));
        });
    }
}
