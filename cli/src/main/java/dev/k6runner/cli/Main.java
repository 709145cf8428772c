package dev.k6runner.cli;

import java.time.Clock;

/** The {@code k6runner} executable. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // The Kafka admin client of `validate` logs through SLF4J; the CLI prints its own findings.
        System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN");
        boolean interactive = System.console() != null && System.console().isTerminal();
        int status = Cli.run(args, System.out, System.err, System.getenv(), interactive, Clock.systemUTC());
        System.out.flush();
        System.exit(status);
    }
}
