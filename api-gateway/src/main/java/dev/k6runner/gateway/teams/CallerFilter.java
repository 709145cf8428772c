package dev.k6runner.gateway.teams;

import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.gateway.GatewayProperties.AuthMode;
import dev.k6runner.gateway.web.ProblemWriter;

/**
 * Decides which team a /api/** call acts for. Local mode: always {@code default}. Cluster mode: the
 * team of the {@code Authorization: Bearer} key, else 401. Checked keys are trusted for a short
 * time so that thousands of polls a second do not each read {@code api_keys}.
 */
@Component
class CallerFilter extends OncePerRequestFilter {

    private record Cached(Optional<String> team, long expiresAtNanos) {
    }

    private final GatewayProperties properties;
    private final TeamStore teams;
    private final ProblemWriter problems;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    CallerFilter(GatewayProperties properties, TeamStore teams, ProblemWriter problems) {
        this.properties = properties;
        this.teams = teams;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (properties.auth().mode() == AuthMode.NONE) {
            request.setAttribute(Caller.ATTRIBUTE, new Caller(Caller.DEFAULT_TEAM));
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            problems.unauthorized(response, "this gateway requires an API key: send 'Authorization: Bearer <key>'");
            return;
        }
        Optional<String> team = teamOf(header.substring(7).trim());
        if (team.isEmpty()) {
            problems.unauthorized(response, "the API key is unknown or revoked");
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, new Caller(team.get()));
        chain.doFilter(request, response);
    }

    private Optional<String> teamOf(String key) {
        byte[] hash = ApiKeys.hash(key);
        String cacheKey = HexFormat.of().formatHex(hash);
        long now = System.nanoTime();
        Cached cached = cache.get(cacheKey);
        if (cached != null && cached.expiresAtNanos() - now > 0) {
            return cached.team();
        }
        if (cache.size() > 10_000) {
            cache.clear();
        }
        Duration ttl = properties.auth().keyCacheTtl();
        Optional<String> team = teams.teamOfKey(hash);
        cache.put(cacheKey, new Cached(team, now + ttl.toNanos()));
        return team;
    }

    /** Forgets every cached key, so that a revocation takes effect at once on this replica. */
    void forgetKeys() {
        cache.clear();
    }
}
