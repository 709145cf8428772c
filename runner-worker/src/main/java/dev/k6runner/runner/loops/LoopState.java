package dev.k6runner.runner.loops;

/** Where a supervised loop is: health and the registry read it. */
public enum LoopState {
    /** Not started yet, or stopped on purpose (shutdown). */
    STOPPED,
    RUNNING,
    /** Failed, waiting out its backoff before it starts again. */
    RESTARTING
}
