package dev.k6runner.gateway.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An answer of RFC 9457 problem details, thrown from anywhere a request cannot go on.
 *
 * @param errors  each wrong input with where it is: {@code {"pointer": "#/vus", "detail": "…"}} for the
 *                body, {@code {"parameter": "limit", …}} for the query, {@code {"header": …}} for headers
 * @param headers extra response headers, e.g. Retry-After
 */
public class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String slug;
    private final String title;
    private final transient List<Map<String, String>> errors;
    private final transient Map<String, String> headers;

    public ApiProblem(HttpStatus status, String slug, String title, String detail,
                      List<Map<String, String>> errors, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public static ApiProblem of(HttpStatus status, String slug, String title, String detail) {
        return new ApiProblem(status, slug, title, detail, List.of(), Map.of());
    }

    public static ApiProblem notFound(String what) {
        return of(HttpStatus.NOT_FOUND, "not-found", "Not found", what);
    }

    /** A wrong query parameter. */
    public static ApiProblem badParameter(String parameter, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid query parameter",
                parameter + ": " + detail, List.of(Map.of("parameter", parameter, "detail", detail)), Map.of());
    }

    public HttpStatus status() {
        return status;
    }

    /** The short name of the problem type, also the reason label of rejected submissions. */
    public String slug() {
        return slug;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(typeUri(slug));
        problem.setTitle(title);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    /** The same document as a plain map, for writers outside Spring MVC. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("type", typeUri(slug).toString());
        map.put("title", title);
        map.put("status", status.value());
        map.put("detail", getMessage());
        if (!errors.isEmpty()) {
            map.put("errors", errors);
        }
        return map;
    }

    public static URI typeUri(String slug) {
        return URI.create("https://k6runner.dev/problems/" + slug);
    }
}
