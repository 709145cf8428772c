package dev.k6runner.runner.execution;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bound k6 crossed while running (a limit its own run banner shows, its memory, its folder): the first one found
 * kills k6 at once, without the graceful stop that would let it go on loading a target or growing, and becomes the
 * run's status_reason. Thread-safe: the console pumps and the sampler report here.
 */
final class Violation {

    private static final Logger log = LoggerFactory.getLogger(Violation.class);

    private final AtomicReference<String> reason = new AtomicReference<>();
    private final K6Process k6;

    Violation(K6Process k6) {
        this.k6 = k6;
    }

    void report(String why) {
        if (reason.compareAndSet(null, why)) {
            log.warn("killing k6 at once: {}", why);
            k6.kill();
        }
    }

    Optional<String> reason() {
        return Optional.ofNullable(reason.get());
    }
}
