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

/**
 * Refuses a submission whose declared body is far beyond the script limit before reading it, so a
 * huge upload costs neither memory nor parsing. The exact script limit is checked after parsing.
 */
@Component
class BodySizeFilter extends OncePerRequestFilter {

    /** Room for the other fields and JSON escaping around the largest allowed script. */
    private static final long ENVELOPE_BYTES = 256 * 1024;

    private final long maxBody;
    private final long maxScript;
    private final ProblemWriter problems;
    private final RejectedRuns rejected;

    BodySizeFilter(GatewayProperties properties, ProblemWriter problems, RejectedRuns rejected) {
        this.maxScript = properties.maxScriptBytes();
        this.maxBody = 2L * properties.maxScriptBytes() + ENVELOPE_BYTES;
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
            String detail = "the request body is " + length + " bytes; scripts are limited to " + maxScript + " bytes";
            problems.write(response, new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "script-too-large", "Script too large",
                    detail, List.of(Map.of("pointer", "#/script", "detail", detail)), Map.of()));
            return;
        }
        chain.doFilter(request, response);
    }
}
