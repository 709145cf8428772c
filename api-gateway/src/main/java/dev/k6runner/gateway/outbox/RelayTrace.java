package dev.k6runner.gateway.outbox;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Continues the submitting request's trace where the relay publishes its run. The relay runs on its own thread
 * after the request has ended, so each send happens inside an "outbox publish" span whose parent is the
 * traceparent stored at intake: the observed template's producer span becomes its child, and the record's
 * headers carry the request's trace id on to the runner.
 */
@Component
class RelayTrace {

    static final String SPAN_NAME = "outbox publish";

    private final Tracer tracer;
    private final Propagator propagator;

    RelayTrace(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    /** Calls {@code send} in a span continued from {@code traceparent}, ended with the send; without one, just sends. */
    <T> CompletableFuture<T> sendIn(String traceparent, Supplier<CompletableFuture<T>> send) {
        if (traceparent == null) {
            return send.get();
        }
        Span span = propagator.extract(Map.of("traceparent", traceparent), Map::get).name(SPAN_NAME).start();
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
