package dev.k6runner.cli;

/** The command line itself is wrong; the message says how. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
