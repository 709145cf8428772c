package dev.k6runner.gateway.teams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.gateway.web.ApiProblem;
import dev.k6runner.gateway.web.ProblemWriter;

/**
 * Lets only the holder of the admin token ({@code K6RUNNER_ADMIN_TOKEN}) reach /admin/**, before the body is read,
 * as {@link CallerFilter} does with API keys for /api/**: 403 while the gateway has no token, 401 when the request
 * does not carry it (a team's API key is no admin token).
 */
@Component
class AdminTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final GatewayProperties properties;
    private final ProblemWriter problems;

    AdminTokenFilter(GatewayProperties properties, ProblemWriter problems) {
        this.properties = properties;
        this.problems = problems;
    }

    /** The decoded, normalized path the handlers are matched with: {@code /%61dmin/teams} is /admin/teams too. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return !(path.equals("/admin") || path.startsWith("/admin/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = properties.auth().adminToken();
        if (token == null || token.isBlank()) {
            problems.write(request, response, ApiProblem.of(HttpStatus.FORBIDDEN, "admin-disabled", "Admin disabled",
                    "the admin endpoints are off: start the gateway with K6RUNNER_ADMIN_TOKEN set"));
            return;
        }
        if (!bearerIs(request.getHeader(HttpHeaders.AUTHORIZATION), token)) {
            problems.write(request, response, new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                    "send 'Authorization: Bearer <admin token>'",
                    List.of(Map.of("header", "Authorization", "detail", "missing or wrong admin token")),
                    Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer")));
            return;
        }
        chain.doFilter(request, response);
    }

    /** Compared in constant time, so the answer's timing tells nothing about the token. */
    private static boolean bearerIs(String authorization, String token) {
        String given = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim() : "";
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }
}
