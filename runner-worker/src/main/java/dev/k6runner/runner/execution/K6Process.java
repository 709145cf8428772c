package dev.k6runner.runner.execution;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A started k6, possibly inside a sandbox wrapper. Signals meant for k6 go to k6 itself: bubblewrap does not
 * forward them, and killing the wrapper would kill k6 without its graceful stop (and without its summary).
 */
final class K6Process {

    private final Process process;
    private final boolean wrapped;
    private final String wrapperName;

    K6Process(Process process, boolean wrapped, String wrapperCommand) {
        this.process = process;
        this.wrapped = wrapped;
        this.wrapperName = wrapperCommand.substring(wrapperCommand.lastIndexOf('/') + 1);
    }

    Process process() {
        return process;
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** SIGTERM to k6. False when k6 is not visible yet (the sandbox is still starting): call again. */
    boolean terminate() {
        Optional<ProcessHandle> k6 = k6();
        k6.ifPresent(ProcessHandle::destroy);
        return k6.isPresent();
    }

    /** SIGKILL to the wrapper and everything under it. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The started process and all its descendants, for CPU and memory samples. */
    Stream<ProcessHandle> tree() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants());
    }

    private Optional<ProcessHandle> k6() {
        if (!wrapped) {
            return process.isAlive() ? Optional.of(process.toHandle()) : Optional.empty();
        }
        // the sandbox's own init is also a bwrap process; k6 is the first descendant that is not
        return process.descendants()
                .filter(handle -> handle.info().command().map(command -> !command.endsWith("/" + wrapperName)).orElse(false))
                .findFirst();
    }
}
