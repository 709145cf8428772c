package dev.k6runner.model;

/** The services that may move a run from one {@link RunStatus} to another. */
public enum Actor {
    GATEWAY, RUNNER, ANALYZER
}
