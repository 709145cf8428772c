package dev.k6runner.gateway.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/** Writes a problem from a servlet filter, where no controller advice runs. */
@Component
public class ProblemWriter {

    private final JsonMapper mapper;

    ProblemWriter(JsonMapper mapper) {
        this.mapper = mapper;
    }

    public void unauthorized(HttpServletResponse response, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        write(response, new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail,
                List.of(Map.of("header", "Authorization", "detail", detail)), Map.of()));
    }

    /**
     * Writes the whole problem with its Content-Length, flushes it and closes the connection after it: for answers
     * given before the request body was read to its end. The server then discards a bounded part of the unread rest
     * (Tomcat's max-swallow-size) and closes the connection, abruptly if more is still coming; a chunked answer would
     * lose its last chunk there and the client could not read it, one sent whole and flushed cannot.
     */
    void writeBeforeBodyEnd(HttpServletResponse response, ApiProblem problem) throws IOException {
        byte[] body = mapper.writeValueAsBytes(problem.toMap());
        response.setStatus(problem.status().value());
        problem.headers().forEach(response::setHeader);
        response.setHeader(HttpHeaders.CONNECTION, "close");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    public void write(HttpServletResponse response, ApiProblem problem) throws IOException {
        write(response, problem, problem.toMap());
    }

    /** The document as {@link ProblemAdvice} answers it, which names the request's path as its {@code instance}. */
    public void write(HttpServletRequest request, HttpServletResponse response, ApiProblem problem) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>(problem.toMap());
        body.put("instance", request.getRequestURI());
        write(response, problem, body);
    }

    private void write(HttpServletResponse response, ApiProblem problem, Map<String, Object> body) throws IOException {
        response.setStatus(problem.status().value());
        problem.headers().forEach(response::setHeader);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), body);
    }
}
