package dev.k6runner.runner.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * k6 runs without a sandbox because an operator allowed it. It still gets the clean environment (the process is
 * started with exactly the run's), the rlimits of {@code limits}, and {@code setpriv --pdeathsig KILL}, when
 * present, so k6 dies with the runner.
 */
record Unconfined(String why, String setpriv, ResourceLimits limits) implements Confinement {

    @Override
    public String describe() {
        return "none: " + why + "; " + limits.describe(false);
    }

    @Override
    public boolean allowsRuns() {
        return true;
    }

    @Override
    public List<String> wrap(List<String> command, Path workDir, Map<String, String> env, int slot) {
        LoaderVariables.refuse(env);
        List<String> line = new ArrayList<>();
        if (setpriv != null) {
            // setpriv execs k6, so the started process is k6 itself and keeps the parent-death signal
            line.addAll(List.of(setpriv, "--pdeathsig", "KILL", "--"));
        }
        line.addAll(limits.command(false));
        line.addAll(command);
        return line;
    }

    @Override
    public boolean wrapsInChildProcess() {
        return false;
    }
}
