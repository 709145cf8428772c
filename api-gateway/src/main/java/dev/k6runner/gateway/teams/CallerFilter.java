package dev.k6runner.gateway.teams;

import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.gateway.GatewayProperties.AuthMode;
import dev.k6runner.gateway.web.ProblemWriter;

/**
 * Decides which team a /api/** call acts for. Local mode: always {@code default}. Cluster mode: the
 * team of the {@code Authorization: Bearer} key, else 401. Checked keys, with their team's limits, are
 * trusted for a short time so that thousands of polls and submissions a second do not each read
 * {@code api_keys} or {@code teams}; the admin calls forget them at once on this replica.
 */
@Component
class CallerFilter extends OncePerRequestFilter {

    private record Cached(Optional<Caller> caller, long expiresAtNanos) {
    }

    /** The key of the local mode's single caller in {@link #cache}: not a hex hash, so no key can collide. */
    private static final String LOCAL = "local:" + Caller.DEFAULT_TEAM;
    /** Local mode's caller where no limit is checked: every request but a submission reads no team row. */
    private static final Caller LOCAL_WITHOUT_LIMITS = new Caller(Caller.DEFAULT_TEAM);

    private final GatewayProperties properties;
    private final TeamStore teams;
    private final ProblemWriter problems;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Bumped by {@link #forget()}: a lookup that began before it must not put its older answer back. */
    private final AtomicLong generation = new AtomicLong();

    CallerFilter(GatewayProperties properties, TeamStore teams, ProblemWriter problems) {
        this.properties = properties;
        this.teams = teams;
        this.problems = problems;
    }

    /** The API, and the run list page {@code /ui} (the UI's login and logout pages need no caller). */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/api/") && !"/ui".equals(path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (properties.auth().mode() == AuthMode.NONE) {
            request.setAttribute(Caller.ATTRIBUTE, isSubmission(request) ? localCaller() : LOCAL_WITHOUT_LIMITS);
            chain.doFilter(request, response);
            return;
        }
        byte[] hash = keyHash(request);
        if (hash == null) {
            problems.unauthorized(response, "this gateway requires an API key: send 'Authorization: Bearer <key>'");
            return;
        }
        Optional<Caller> caller = cached(HexFormat.of().formatHex(hash), () -> teams.callerOfKey(hash));
        if (caller.isEmpty()) {
            problems.unauthorized(response, "the API key is unknown or revoked");
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }

    /**
     * The hash of the header's key; without a header, of a browser session's key (set by the UI's session filter
     * for pages only), and only for a GET, so that no cookie a browser sends along can change anything.
     */
    private static byte[] keyHash(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() > 7) {
            return ApiKeys.hash(header.substring(7).trim());
        }
        if (header == null && "GET".equals(request.getMethod())
                && request.getAttribute(KeyLookup.SESSION_KEY_HASH) instanceof byte[] session) {
            return session;
        }
        return null;
    }

    private static boolean isSubmission(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && "/api/v1/test/run".equals(request.getRequestURI());
    }

    /** Only a submission needs the limits; without a database it is refused when storing (503), not here. */
    private Caller localCaller() {
        try {
            return cached(LOCAL, () -> Optional.of(teams.caller(Caller.DEFAULT_TEAM))).orElseThrow();
        } catch (DataAccessException e) {
            return LOCAL_WITHOUT_LIMITS;
        }
    }

    private Optional<Caller> cached(String cacheKey, Supplier<Optional<Caller>> lookup) {
        long now = System.nanoTime();
        Cached cached = cache.get(cacheKey);
        if (cached != null && cached.expiresAtNanos() - now > 0) {
            return cached.caller();
        }
        if (cache.size() > 10_000) {
            cache.clear();
        }
        Duration ttl = properties.auth().keyCacheTtl();
        long before = generation.get();
        Optional<Caller> caller = lookup.get();
        if (generation.get() == before) {
            cache.put(cacheKey, new Cached(caller, now + ttl.toNanos()));
        }
        return caller;
    }

    /**
     * Forgets every cached key and team, so that a revocation or a team's new limits take effect at once on this
     * replica (on others within {@code auth.key-cache-ttl}).
     */
    void forget() {
        generation.incrementAndGet();
        cache.clear();
    }
}
