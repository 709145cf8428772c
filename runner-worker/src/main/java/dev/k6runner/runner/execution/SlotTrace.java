package dev.k6runner.runner.execution;

import java.util.UUID;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

/**
 * Carries a run's trace from the intake thread, where its claim ran inside the consumer span of its run request,
 * to its slot thread: there the run goes on in a "k6 run" span, a child of that consumer span (which ends as soon
 * as the intake moves on; the child may outlive it). The RunFinished record sent from the slot thread is then in
 * the request's trace, and the slot thread's log lines show its trace id.
 */
final class SlotTrace {

    static final String SPAN_NAME = "k6 run";

    private final Tracer tracer;

    SlotTrace(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Called on the intake thread; @return {@code work}, to run on the slot thread inside the run's span */
    Runnable carry(UUID runId, Runnable work) {
        Span parent = tracer.currentSpan();
        if (parent == null || parent.isNoop()) {
            return work;
        }
        return () -> {
            Span span = tracer.nextSpan(parent).name(SPAN_NAME).tag("k6runner.run_id", runId.toString()).start();
            try (Tracer.SpanInScope _ = tracer.withSpan(span)) {
                work.run();
            } finally {
                span.end();
            }
        };
    }
}
