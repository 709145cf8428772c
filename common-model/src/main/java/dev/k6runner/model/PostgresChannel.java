package dev.k6runner.model;

/** Postgres LISTEN/NOTIFY channels between the services; the payload is a run id. */
public enum PostgresChannel {
    /** The analyzer moved a run to its terminal status; gateways wake the ?wait= requests watching it. */
    RUN_ENDED("k6runner_run_ended");

    private final String channelName;

    PostgresChannel(String channelName) {
        this.channelName = channelName;
    }

    public String channelName() {
        return channelName;
    }
}
