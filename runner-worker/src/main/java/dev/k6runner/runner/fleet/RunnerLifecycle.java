package dev.k6runner.runner.fleet;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import org.springframework.stereotype.Component;

import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.control.CancelListener;
import dev.k6runner.runner.execution.ProcessLauncher;
import dev.k6runner.runner.execution.RunExecutor;
import dev.k6runner.runner.execution.RunningRuns;
import dev.k6runner.runner.execution.StopReason;
import dev.k6runner.runner.intake.RunIntake;

/**
 * Start: register, listen for cancels, then take runs. Stop: take no more runs, let the runs held finish within
 * the shutdown grace period, then stop them like a cancel (SIGTERM, SIGKILL after the stop grace period) with
 * the outcome {@code interrupted}, publish their partial results, and only then leave.
 */
@Component
final class RunnerLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunnerLifecycle.class);

    private final Heartbeat heartbeat;
    private final CancelListener control;
    private final RunIntake intake;
    private final RunExecutor executor;
    private final RunningRuns runs;
    private final ProcessLauncher launcher;
    private final Duration heartbeatInterval;
    private final Duration shutdownGrace;
    private final Duration stopGrace;
    private volatile boolean running;

    public RunnerLifecycle(Heartbeat heartbeat, CancelListener control, RunIntake intake, RunExecutor executor, RunningRuns runs,
                           ProcessLauncher launcher, RunnerProperties properties) {
        this.heartbeat = heartbeat;
        this.control = control;
        this.intake = intake;
        this.executor = executor;
        this.runs = runs;
        this.launcher = launcher;
        this.heartbeatInterval = properties.heartbeatInterval();
        this.shutdownGrace = properties.shutdownGracePeriod();
        this.stopGrace = properties.stopGracePeriod();
    }

    @Override
    public void start() {
        heartbeat.start(heartbeatInterval);
        control.start();
        intake.start();
        running = true;
    }

    @Override
    public void stop() {
        try {
            intake.stopTaking();
            heartbeat.stopAccepting();
            if (!executor.awaitIdle(shutdownGrace)) {
                log.warn("shutting down: stopping {} run(s) still going after {}", runs.size(), shutdownGrace);
                runs.all().forEach(run -> run.requestStop(StopReason.SHUTDOWN));
                executor.awaitIdle(stopGrace.plusSeconds(60));
            }
            control.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            heartbeat.close();
            executor.close();
            launcher.close();
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
