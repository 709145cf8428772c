package dev.k6runner.gateway.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.gateway.web.LimitedBodyRequest.BodyTooLargeException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Every error leaves as {@code application/problem+json} that says what is wrong and where. */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    private final RejectedRuns rejected;
    private final ProblemWriter problems;
    private final long maxScriptBytes;

    ProblemAdvice(RejectedRuns rejected, ProblemWriter problems, GatewayProperties properties) {
        this.rejected = rejected;
        this.problems = problems;
        this.maxScriptBytes = properties.maxScriptBytes();
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem, HttpServletRequest request) {
        rejected.countIfSubmission(request, problem.slug().replace('-', '_'));
        HttpHeaders headers = new HttpHeaders();
        problem.headers().forEach(headers::add);
        return respond(problem.status(), headers, problem.toProblemDetail());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        return apiProblem(ApiProblem.badParameter(e.getName(), "'" + e.getValue() + "' is not a valid " + expected), request);
    }

    /** Only failures of reaching the database: a bug in a query stays a 500. */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            RecoverableDataAccessException.class, CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> database(Exception e, HttpServletRequest request) {
        log.warn("database unavailable: {}", e.getMessage());
        return apiProblem(new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable",
                "the database cannot be reached right now; nothing was stored, retry later",
                List.of(), Map.of(HttpHeaders.RETRY_AFTER, "5")), request);
    }

    /** A chunked body passed the limit while being read (the converter did not wrap it). */
    @ExceptionHandler(BodyTooLargeException.class)
    @Nullable ResponseEntity<ProblemDetail> bodyTooLarge(BodyTooLargeException e, HttpServletRequest request,
                                                         HttpServletResponse response) throws IOException {
        answerTooLarge(e, request, response);
        return null;
    }

    /** Answered whole before the body's end (which may never come), see {@link ProblemWriter#writeBeforeBodyEnd}. */
    private void answerTooLarge(BodyTooLargeException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        rejected.countIfSubmission(request, "script_too_large");
        problems.writeBeforeBodyEnd(response, BodySizeFilter.tooLarge(
                "the request body (sent without Content-Length) is over " + e.limit() + " bytes", maxScriptBytes));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        BodyTooLargeException tooLarge = causeOf(ex, BodyTooLargeException.class);
        if (tooLarge != null && request instanceof ServletWebRequest servlet && servlet.getResponse() != null) {
            try {
                answerTooLarge(tooLarge, servlet.getRequest(), servlet.getResponse());
            } catch (IOException e) {
                log.debug("the client left before reading the 413: {}", e.getMessage());
            }
            return null;
        }
        ApiProblem problem = unreadableBody(ex);
        if (request instanceof ServletWebRequest servlet) {
            rejected.countIfSubmission(servlet.getRequest(), "malformed_json");
        }
        return new ResponseEntity<>(problem.toProblemDetail(), problemHeaders(), HttpStatus.BAD_REQUEST);
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    static ApiProblem unreadableBody(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String pointer = pointer(unknown);
            return body(pointer, "unknown field '" + unknown.getPropertyName() + "'");
        }
        if (cause instanceof JacksonException jackson) {
            String pointer = pointer(jackson);
            String where = jackson.getLocation() == null ? "" : " at line " + jackson.getLocation().getLineNr()
                    + ", column " + jackson.getLocation().getColumnNr();
            return body(pointer, jackson.getOriginalMessage() + where);
        }
        return body("#", "the request body is missing or is not JSON");
    }

    private static ApiProblem body(String pointer, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed request body",
                detail, List.of(Map.of("pointer", pointer, "detail", detail)), Map.of());
    }

    private static String pointer(JacksonException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : String.valueOf(ref.getIndex()))
                .collect(Collectors.joining("/"));
        return "#/" + path;
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        HttpHeaders merged = new HttpHeaders();
        merged.addAll(headers);
        merged.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, merged, statusCode);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected error", e);
        return apiProblem(ApiProblem.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "an unexpected error occurred; it has been logged"), request);
    }

    private static ResponseEntity<ProblemDetail> respond(HttpStatus status, HttpHeaders headers, ProblemDetail body) {
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, headers, status);
    }

    private static HttpHeaders problemHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return headers;
    }
}
