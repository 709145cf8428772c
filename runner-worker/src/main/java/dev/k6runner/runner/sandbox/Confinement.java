package dev.k6runner.runner.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How k6 is confined. Decided once at start by {@link ConfinementProbe}; never silently unconfined:
 * {@link #describe()} is what the registry's {@code confinement} column and health show.
 */
public sealed interface Confinement permits Bubblewrap, SeparateUser, Unconfined, Refused, ProbedConfinement {

    /** Which mechanism and why: {@code bubblewrap: <why>…}, {@code separate-user: <why>…}, or {@code none: <why>}. */
    String describe();

    /** False when the runner must refuse runs because confinement is required but unavailable. */
    boolean allowsRuns();

    /**
     * Makes the run's folder usable by the confined k6 of {@code slot}, and by no other run's. Called once the runner
     * has written its files into it, before {@link #wrap}.
     */
    default void prepare(Path workDir, int slot) throws IOException {
    }

    /**
     * The full command line that runs {@code command} inside the confinement for the run on {@code slot}
     * (0 … slots-1), with only {@code env} as its environment and {@code workDir} as its only writable place. The
     * process itself must be started with exactly {@code env} as its environment: no mechanism puts an environment
     * value on a command line, where every process of the host could read it ({@code /proc/<pid>/cmdline}).
     */
    List<String> wrap(List<String> command, Path workDir, Map<String, String> env, int slot);

    /** Ends whatever the confined k6 of {@code slot} left behind; called before and after each run on that slot. */
    default void cleanUp(int slot) {
    }

    /** True when the process started is a wrapper whose descendant is k6 (signals go to that descendant). */
    boolean wrapsInChildProcess();

    /** Why runs are refused, for a run's status_reason. */
    default String refusal() {
        return "";
    }
}
