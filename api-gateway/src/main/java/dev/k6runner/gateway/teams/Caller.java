package dev.k6runner.gateway.teams;

/**
 * The team a request acts for; every query is scoped to it. Resolved once per request by {@link CallerFilter},
 * together with the team's limits, so that intake checks them without reading the team again.
 */
public record Caller(String teamId, Limits limits) {

    static final String ATTRIBUTE = Caller.class.getName();
    public static final String DEFAULT_TEAM = "default";

    public Caller {
        limits = limits == null ? Limits.NONE : limits;
    }

    public Caller(String teamId) {
        this(teamId, Limits.NONE);
    }

    /**
     * A team's own limits on what a run may ask for; null where only the server's maximum applies.
     *
     * @param maxVus             {@code teams.max_vus}
     * @param maxDurationSeconds {@code teams.max_duration_seconds}
     */
    public record Limits(Integer maxVus, Long maxDurationSeconds) {
        public static final Limits NONE = new Limits(null, null);
    }
}
