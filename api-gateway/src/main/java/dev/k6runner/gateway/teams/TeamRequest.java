package dev.k6runner.gateway.teams;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /admin/teams}. Which fields were sent matters when the team exists: a field left out
 * keeps its value, and a limit sent as {@code null} is cleared (back to the server's maximum). A record cannot
 * tell "left out" from "null", so the setters note what was sent.
 */
@Schema(description = "A team to create, or the settings to change when it exists (fields left out stay as they are)")
final class TeamRequest {

    private String id;
    private String name;
    private Object maxRunningRuns;
    private Object maxActiveRuns;
    private Integer maxQueuedRuns;
    private Integer weight;
    private Integer maxVus;
    private String maxDuration;
    private List<String> egressAllow;
    private final Set<String> sent = new HashSet<>();

    boolean sent(String field) {
        return sent.contains(field);
    }

    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "payments",
            description = "lower-case letters, digits, '-' or '_', at most 63")
    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    @Schema(description = "display name; default: the id", example = "Payments")
    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    @Schema(description = "runner slots the team's runs may hold at once (runs beyond it wait in the queue): 1 or more, "
            + "or \"unlimited\"; left out when creating, or null: the server's teams.default-max-running-runs",
            example = "10", nullable = true, oneOf = {Integer.class, String.class})
    public Object getMaxRunningRuns() {
        return maxRunningRuns;
    }

    public void setMaxRunningRuns(Object maxRunningRuns) {
        this.maxRunningRuns = maxRunningRuns;
        sent.add("max_running_runs");
    }

    @Schema(description = "deprecated alias of max_running_runs (it was the quota of queued + running runs); "
            + "write-only", deprecated = true, accessMode = Schema.AccessMode.WRITE_ONLY, nullable = true)
    public Object getMaxActiveRuns() {
        return maxActiveRuns;
    }

    public void setMaxActiveRuns(Object maxActiveRuns) {
        this.maxActiveRuns = maxActiveRuns;
        sent.add("max_active_runs");
    }

    @Schema(description = "the team's backlog: queued runs allowed at once; a submission beyond it is 429; "
            + "1 or more, default 1000", example = "1000")
    public Integer getMaxQueuedRuns() {
        return maxQueuedRuns;
    }

    public void setMaxQueuedRuns(Integer maxQueuedRuns) {
        this.maxQueuedRuns = maxQueuedRuns;
        sent.add("max_queued_runs");
    }

    @Schema(description = "the team's share of runner slots relative to other teams, 1 to 1000, default 1", example = "1")
    public Integer getWeight() {
        return weight;
    }

    public void setWeight(Integer weight) {
        this.weight = weight;
        sent.add("weight");
    }

    @Schema(description = "most VUs a run of this team may use (its request's vus, and its script's own scenarios as the "
            + "runner finds them), 1 to the server's max-vus; null: the server's maximum", example = "200", nullable = true)
    public Integer getMaxVus() {
        return maxVus;
    }

    public void setMaxVus(Integer maxVus) {
        this.maxVus = maxVus;
        sent.add("max_vus");
    }

    @Schema(description = "longest test a run of this team may ask for, k6 notation (90m, 1h30m) or seconds, stored as "
            + "seconds, at most the server's max-timeout; null: the server's maximum", example = "1h", nullable = true)
    public String getMaxDuration() {
        return maxDuration;
    }

    public void setMaxDuration(String maxDuration) {
        this.maxDuration = maxDuration;
        sent.add("max_duration");
    }

    @Schema(description = "addresses this team's tests may reach although the egress policy blocks them: CIDR blocks, "
            + "IP addresses or host names (at most 100), granted for this team's runs only, within the runners' k6runner.runner.egress.team-allow-within; "
            + "[] or null: none", example = "[\"10.20.0.0/16\", \"shop.staging.internal\"]", nullable = true)
    public List<String> getEgressAllow() {
        return egressAllow;
    }

    public void setEgressAllow(List<String> egressAllow) {
        this.egressAllow = egressAllow;
        sent.add("egress_allow");
    }
}
