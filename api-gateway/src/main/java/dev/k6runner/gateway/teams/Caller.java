package dev.k6runner.gateway.teams;

/** The team a request acts for; every query is scoped to it. Resolved once per request by {@link CallerFilter}. */
public record Caller(String teamId) {

    static final String ATTRIBUTE = Caller.class.getName();
    public static final String DEFAULT_TEAM = "default";
}
