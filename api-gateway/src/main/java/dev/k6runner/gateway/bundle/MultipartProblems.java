package dev.k6runner.gateway.bundle;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

import dev.k6runner.gateway.BundleProperties;
import dev.k6runner.gateway.web.ApiProblem;

/**
 * A multipart body the container cannot parse (cut off, no boundary, a part over the size limit) is the client's
 * problem: 400 or 413 as a problem document, never the catch-all 500. Ordered before the general advice, whose
 * {@code Exception} handler would otherwise take it.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MultipartProblems {

    private final BundleProperties properties;

    MultipartProblems(BundleProperties properties) {
        this.properties = properties;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
        return respond(ApiProblem.of(HttpStatus.CONTENT_TOO_LARGE, "bundle-too-large", "The bundle is too large",
                "the upload is over the bundle limit of " + properties.maxBytes() + " bytes"));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> broken(MultipartException e) {
        return respond(ApiProblem.of(HttpStatus.BAD_REQUEST, "bundle-malformed", "The multipart body is broken",
                "the multipart/form-data body could not be read: " + rootMessage(e)));
    }

    private static ResponseEntity<ProblemDetail> respond(ApiProblem problem) {
        return ResponseEntity.status(problem.status()).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem.toProblemDetail());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
