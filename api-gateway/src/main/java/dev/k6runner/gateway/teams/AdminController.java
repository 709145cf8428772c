package dev.k6runner.gateway.teams;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.gateway.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Teams and keys, for operators holding the admin token ({@code K6RUNNER_ADMIN_TOKEN}, checked by
 * {@link AdminTokenFilter} before any of these runs). Plain paths and flat JSON so that curl or the CLI can drive it.
 */
@RestController
@RequestMapping("/admin")
@Tag(name = "admin", description = "Teams and API keys; needs Authorization: Bearer <admin token>")
class AdminController {

    private static final Pattern TEAM_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    record KeyRequest(String label) {
    }

    record NewKey(UUID id, String teamId, String label, String key) {
    }

    private final GatewayProperties properties;
    private final TeamStore teams;
    private final CallerFilter callers;

    AdminController(GatewayProperties properties, TeamStore teams, CallerFilter callers) {
        this.properties = properties;
        this.teams = teams;
        this.callers = callers;
    }

    @Operation(summary = "Create a team, or change the settings sent when it exists",
            description = "201 when created, 200 when it existed (only the fields sent are changed; a limit sent as null "
                    + "is cleared). The team's new limits apply at once on this gateway, on others within "
                    + "auth.key-cache-ttl. 400 problem with `errors[].pointer` for each wrong field.")
    @ApiResponse(responseCode = "400", description = "a wrong field: `errors[].pointer` names it, e.g. `#/max_vus`, "
            + "`#/max_duration`, `#/egress_allow/3`", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "201", description = "created", headers = @Header(name = "Location", description = "/admin/teams/{teamId}", schema = @Schema(type = "string", format = "uri-reference")))
    @ApiResponse(responseCode = "200", description = "it existed; the fields sent are changed", headers = @Header(name = "Location", description = "/admin/teams/{teamId}", schema = @Schema(type = "string", format = "uri-reference")))
    @PostMapping("/teams")
    ResponseEntity<TeamStore.Team> createTeam(@RequestBody TeamRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        if (request.getId() == null || !TEAM_ID.matcher(request.getId()).matches()) {
            errors.add(Map.of("pointer", "#/id", "detail", "required: lower-case letters, digits, '-' or '_', at most 63"));
        }
        TeamStore.Settings settings = TeamSettings.from(request, properties, errors);
        if (!errors.isEmpty()) {
            String detail = errors.size() == 1 ? errors.getFirst().get("pointer") + ": " + errors.getFirst().get("detail")
                    : errors.size() + " fields are invalid, see 'errors'";
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation", "Invalid team", detail, errors, Map.of());
        }
        String id = request.getId();
        boolean created = teams.createTeam(id, request.getName() == null ? id : request.getName(), settings);
        if (!created) {
            teams.updateTeam(id, settings);
        }
        callers.forget();
        TeamStore.Team team = teams.team(id).orElseThrow();
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/admin/teams/" + team.id())).body(team);
    }

    @Operation(summary = "Every team, disabled ones included")
    @GetMapping("/teams")
    List<TeamStore.Team> teams() {
        return teams.teams();
    }

    @Operation(summary = "One team with its quota and limits")
    @ApiResponse(responseCode = "200", description = "the team")
    @ApiResponse(responseCode = "404", description = "`not-found`: no such team", content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/teams/{teamId}")
    TeamStore.Team team(@PathVariable String teamId) {
        return teams.team(teamId).orElseThrow(() -> ApiProblem.notFound("no team '" + teamId + "'"));
    }

    @Operation(summary = "Disable a team: all its keys are revoked, its runs are kept")
    @ApiResponse(responseCode = "204", description = "disabled")
    @ApiResponse(responseCode = "404", description = "`not-found`: no such team", content = @Content(mediaType = "application/problem+json"))
    @DeleteMapping("/teams/{teamId}")
    ResponseEntity<Void> disableTeam(@PathVariable String teamId) {
        if (!teams.disableTeam(teamId)) {
            throw ApiProblem.notFound("no team '" + teamId + "'");
        }
        callers.forget();
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Create an API key for a team; the key is shown only in this answer")
    @ApiResponse(responseCode = "201", description = "the new key, with its secret `key`")
    @ApiResponse(responseCode = "404", description = "`not-found`: no such team", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "`team-disabled`: the team is disabled", content = @Content(mediaType = "application/problem+json"))
    @PostMapping("/teams/{teamId}/keys")
    ResponseEntity<NewKey> createKey(@PathVariable String teamId, @RequestBody(required = false) KeyRequest request) {
        TeamStore.Team team = teams.team(teamId).orElseThrow(() -> ApiProblem.notFound("no team '" + teamId + "'"));
        if (team.disabledAt() != null) {
            throw ApiProblem.of(HttpStatus.CONFLICT, "team-disabled", "Team disabled", "team '" + teamId + "' is disabled");
        }
        String key = ApiKeys.newKey();
        String label = request == null ? null : request.label();
        UUID id = teams.addKey(teamId, ApiKeys.hash(key), label);
        return ResponseEntity.status(HttpStatus.CREATED).body(new NewKey(id, teamId, label, key));
    }

    @Operation(summary = "A team's keys, revoked ones included; never their secrets")
    @GetMapping("/teams/{teamId}/keys")
    List<TeamStore.KeyInfo> keys(@PathVariable String teamId) {
        return teams.keys(teamId);
    }

    @Operation(summary = "Revoke an API key")
    @ApiResponse(responseCode = "204", description = "revoked")
    @ApiResponse(responseCode = "404", description = "`not-found`: no such key in this team", content = @Content(mediaType = "application/problem+json"))
    @DeleteMapping("/teams/{teamId}/keys/{keyId}")
    ResponseEntity<Void> revokeKey(@PathVariable String teamId, @PathVariable UUID keyId) {
        if (!teams.revokeKey(teamId, keyId)) {
            throw ApiProblem.notFound("no key " + keyId + " in team '" + teamId + "'");
        }
        callers.forget();
        return ResponseEntity.noContent().build();
    }
}
