package dev.k6runner.runner.execution;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.k6runner.runner.sandbox.Confinement;

/**
 * Starts a k6 command inside the run's confinement, from the launcher thread, with {@code environment} as the
 * process's own environment and nothing else: values travel there, never as arguments of k6 or of its wrapper
 * (bubblewrap passes its environment on to k6; anything on a command line is readable by every user of the host).
 */
final class ConfinedStart {

    private final Confinement confinement;
    private final ProcessLauncher launcher;

    ConfinedStart(Confinement confinement, ProcessLauncher launcher) {
        this.confinement = confinement;
        this.launcher = launcher;
    }

    K6Process start(List<String> command, Path folder, Map<String, String> environment, int slot) throws IOException {
        List<String> wrapped = confinement.wrap(command, folder, environment, slot);
        ProcessBuilder builder = new ProcessBuilder(wrapped)
                .directory(folder.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        return new K6Process(launcher.start(builder), confinement.wrapsInChildProcess(), wrapped.getFirst());
    }

    String describe() {
        return confinement.describe();
    }
}
