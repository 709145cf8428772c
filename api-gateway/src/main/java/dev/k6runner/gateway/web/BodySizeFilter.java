package dev.k6runner.gateway.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.gateway.BundleProperties;

/**
 * Refuses a submission whose body is far beyond the script limit, so a huge upload costs neither memory nor
 * parsing: a declared Content-Length before reading, a chunked body as soon as reading passes the limit
 * ({@link LimitedBodyRequest}, answered by {@link ProblemAdvice}). The exact script limit is checked after parsing.
 */
@Component
class BodySizeFilter extends OncePerRequestFilter {

    /** Room for the other fields and JSON escaping around the largest allowed script. */
    private static final long ENVELOPE_BYTES = 256 * 1024;

    private final long maxBody;
    private final long maxScript;
    private final ProblemWriter problems;
    private final RejectedRuns rejected;

    BodySizeFilter(GatewayProperties properties, BundleProperties bundles, ProblemWriter problems, RejectedRuns rejected) {
        this.maxScript = properties.maxScriptBytes();
        // a bundle (files map or archive) rides in the same body; its own limit is checked exactly after parsing
        this.maxBody = 2L * properties.maxScriptBytes() + 2L * bundles.maxBytes() + ENVELOPE_BYTES;
        this.problems = problems;
        this.rejected = rejected;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/api/v1/test/run".equals(request.getRequestURI()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        if (length > maxBody) {
            rejected.countIfSubmission(request, "script_too_large");
            problems.writeBeforeBodyEnd(response, tooLarge("the request body is " + length + " bytes", maxScript));
            return;
        }
        // Content-Length is enforced by the server; only a body of unknown length needs counting
        chain.doFilter(length < 0 ? new LimitedBodyRequest(request, maxBody) : request, response);
    }

    static ApiProblem tooLarge(String what, long maxScript) {
        String detail = what + "; scripts are limited to " + maxScript + " bytes";
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "script-too-large", "Script too large",
                detail, List.of(Map.of("pointer", "#/script", "detail", detail)), Map.of());
    }
}
