package dev.k6runner.runner.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.k6runner.runner.RunnerProperties;

/**
 * The confinement this host gives k6, probed once when the runner starts ({@link ConfinementProbe}); every run
 * of this runner uses it. A bean of its own because the mechanism is decided at start, not known in advance.
 */
@Component
final class ProbedConfinement implements Confinement {

    private final Confinement chosen;

    ProbedConfinement(RunnerProperties properties) {
        this.chosen = ConfinementProbe.probe(properties);
    }

    @Override
    public String describe() {
        return chosen.describe();
    }

    @Override
    public boolean allowsRuns() {
        return chosen.allowsRuns();
    }

    @Override
    public void prepare(Path workDir, int slot) throws IOException {
        chosen.prepare(workDir, slot);
    }

    @Override
    public List<String> wrap(List<String> command, Path workDir, Map<String, String> env, int slot) {
        return chosen.wrap(command, workDir, env, slot);
    }

    @Override
    public void cleanUp(int slot) {
        chosen.cleanUp(slot);
    }

    @Override
    public boolean wrapsInChildProcess() {
        return chosen.wrapsInChildProcess();
    }

    @Override
    public String refusal() {
        return chosen.refusal();
    }
}
