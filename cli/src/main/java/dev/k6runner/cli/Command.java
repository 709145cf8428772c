package dev.k6runner.cli;

import java.util.Set;

/** One subcommand: the options it accepts, its one-line usage, and what it does. */
record Command(String name, String usage, String summary, Set<String> valued, Set<String> flags, Action action) {

    @FunctionalInterface
    interface Action {
        /** Returns the process exit status. */
        int execute(Args args, CliContext context) throws UsageException, GatewayException;
    }
}
