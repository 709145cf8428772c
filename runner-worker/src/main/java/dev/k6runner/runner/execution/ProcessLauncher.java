package dev.k6runner.runner.execution;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.stereotype.Component;

/**
 * Starts every k6 process from one long-lived platform thread. The kernel's parent-death signal (bwrap's
 * {@code --die-with-parent}, {@code setpriv --pdeathsig}) fires when the <em>thread</em> that forked the child
 * ends, not the process: started from a short-lived or virtual thread's carrier, k6 could be killed mid-run.
 */
@Component
public final class ProcessLauncher implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("k6-launcher").daemon(true).factory());

    public Process start(ProcessBuilder builder) throws IOException {
        try {
            return thread.submit(builder::start).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("could not start " + builder.command().getFirst(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + builder.command().getFirst(), e);
        }
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
