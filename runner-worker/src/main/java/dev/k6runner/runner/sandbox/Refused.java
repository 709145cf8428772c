package dev.k6runner.runner.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Confinement is required but unavailable: this runner takes no k6 run, each fails with {@link #refusal()}. */
record Refused(String why) implements Confinement {

    @Override
    public String describe() {
        return "none: " + why + " (runs refused: confinement required)";
    }

    @Override
    public boolean allowsRuns() {
        return false;
    }

    @Override
    public List<String> wrap(List<String> command, Path workDir, Map<String, String> env, int slot) {
        throw new IllegalStateException(refusal());
    }

    @Override
    public boolean wrapsInChildProcess() {
        return false;
    }

    @Override
    public String refusal() {
        return "runner refuses to run k6 unconfined: " + why
                + "; install bubblewrap (apt-get install bubblewrap), let the runner switch users (root, or CAP_SETUID, CAP_SETGID, "
                + "CAP_CHOWN, CAP_KILL) for mechanism separate-user, or set k6runner.runner.confinement.required=false";
    }
}
