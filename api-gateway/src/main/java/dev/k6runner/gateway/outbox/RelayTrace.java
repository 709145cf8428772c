package dev.k6runner.gateway.outbox;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Carries the submitting request's trace across the outbox. Intake {@link #capture() captures} the request span
 * as a W3C traceparent, stored on the run row; the relay runs on its own thread after the request has ended,
 * so each send happens inside an "outbox publish" span whose parent is that traceparent: the observed template's
 * producer span becomes its child, and the record's headers carry the request's trace id on to the runner.
 */
@Component
public class RelayTrace {

    static final String SPAN_NAME = "outbox publish";
    private static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;

    RelayTrace(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    /** @return the current span's traceparent, to store with the run; null without a span (tracing off) */
    public String capture() {
        Span span = tracer.currentSpan();
        if (span == null || span.isNoop()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** Calls {@code send} in a span continued from {@code traceparent}, ended with the send; without one, just sends. */
    <T> CompletableFuture<T> sendIn(String traceparent, Supplier<CompletableFuture<T>> send) {
        if (traceparent == null) {
            return send.get();
        }
        Span span = propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get).name(SPAN_NAME).start();
        try (Tracer.SpanInScope _ = tracer.withSpan(span)) {
            return send.get().whenComplete((sent, failure) -> end(span, failure));
        } catch (RuntimeException e) {
            end(span, e);
            throw e;
        }
    }

    private static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.error(failure);
        }
        span.end();
    }
}
