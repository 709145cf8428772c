package dev.k6runner.runner.loops;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The runner's supervised loops by name ({@value #INTAKE}, {@value #CANCEL}): each restarts itself after a failure,
 * counted in {@code k6runner_loop_restarts_total{loop}}; health and the heartbeat read their states.
 */
@Component
public final class Loops {

    public static final String INTAKE = "intake";
    public static final String CANCEL = "cancel";

    private final LoopProperties properties;
    private final MeterRegistry registry;
    private final Map<String, SupervisedLoop> loops = new ConcurrentHashMap<>();

    public Loops(LoopProperties properties, MeterRegistry registry) {
        this.properties = properties;
        this.registry = registry;
    }

    /** A new loop under supervision, not started yet; its restart counter shows 0 from now on. */
    public SupervisedLoop supervise(String name, SupervisedLoop.Body body) {
        Counter restarts = Counter.builder("k6runner.loop.restarts").tag("loop", name)
                .description("restarts of a runner loop after it failed").register(registry);
        SupervisedLoop loop = new SupervisedLoop(name, body, properties, restarts);
        loops.put(name, loop);
        return loop;
    }

    /** Every loop's state, by name. */
    public Map<String, LoopState> states() {
        Map<String, LoopState> states = new TreeMap<>();
        loops.forEach((name, loop) -> states.put(name, loop.state()));
        return states;
    }

    /** @return whether the named loop runs now (false while it waits to restart, before its start, after its stop) */
    public boolean running(String name) {
        SupervisedLoop loop = loops.get(name);
        return loop != null && loop.state() == LoopState.RUNNING;
    }
}
