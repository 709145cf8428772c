package dev.k6runner.bench.fairness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;

import dev.k6runner.platform.queue.FairOrder;
import dev.k6runner.platform.queue.QueuedRun;
import dev.k6runner.platform.queue.TeamLoad;

/**
 * A fleet of runner slots driven by the runners' own choice ({@link FairOrder#next}), in simulated time:
 * whenever a slot is free, the fairest queued run starts; each run holds its slot for its duration. What it
 * records is what the fairness targets are about: when each run started, and each team's slot-seconds.
 */
final class SlotSimulation {

    /** A team of the simulation: its weight, running limit (null: none) and how long its runs last. */
    record Team(String id, int weight, Integer maxRunning, DurationRange durations) {
    }

    /** Run durations drawn uniformly from {@code [min, max]} seconds. */
    record DurationRange(int minSeconds, int maxSeconds) {
        double draw(Random random) {
            return minSeconds + random.nextDouble() * (maxSeconds - minSeconds);
        }
    }

    private record Running(QueuedRun run, double endsAt) {
    }

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final int slots;
    private final Random random;
    private final Map<String, Team> teams = new LinkedHashMap<>();
    private final Map<String, ArrayDeque<QueuedRun>> queues = new HashMap<>();
    private final Map<String, Integer> running = new HashMap<>();
    private final Map<String, Double> slotSeconds = new HashMap<>();
    private final Map<UUID, Double> startedAt = new HashMap<>();
    private final PriorityQueue<Running> inFlight = new PriorityQueue<>((a, b) -> Double.compare(a.endsAt(), b.endsAt()));
    private final List<Double> slotFrees = new ArrayList<>();
    private double now;
    private long submissions;

    SlotSimulation(int slots, long seed, List<Team> teamList) {
        this.slots = slots;
        this.random = new Random(seed);
        for (Team team : teamList) {
            teams.put(team.id(), team);
            queues.put(team.id(), new ArrayDeque<>());
            running.put(team.id(), 0);
            slotSeconds.put(team.id(), 0.0);
        }
    }

    /** {@code count} runs of {@code team} submitted now (a microsecond apart, in order); returns their ids. */
    List<UUID> submit(String team, int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = new UUID(0, ++submissions);
            long micros = (long) (now * 1_000_000) + i;
            queues.get(team).add(new QueuedRun(id, team, EPOCH.plus(Duration.ofNanos(micros * 1000))));
            ids.add(id);
        }
        dispatch();
        return ids;
    }

    /** Advances simulated time to {@code until}, ending runs and starting the fairest queued ones in between. */
    void runUntil(double until) {
        while (!inFlight.isEmpty() && inFlight.peek().endsAt() <= until) {
            Running ended = inFlight.poll();
            now = ended.endsAt();
            running.merge(ended.run().teamId(), -1, Integer::sum);
            slotFrees.add(now);
            dispatch();
        }
        now = until;
    }

    private void dispatch() {
        while (inFlight.size() < slots) {
            List<TeamLoad> loads = new ArrayList<>();
            List<QueuedRun> heads = new ArrayList<>();
            for (Team team : teams.values()) {
                loads.add(new TeamLoad(team.id(), team.weight(), team.maxRunning(), running.get(team.id())));
                if (!queues.get(team.id()).isEmpty()) {
                    heads.add(queues.get(team.id()).peek());
                }
            }
            Optional<QueuedRun> next = FairOrder.next(loads, heads);
            if (next.isEmpty()) {
                return;
            }
            start(queues.get(next.get().teamId()).poll());
        }
    }

    private void start(QueuedRun run) {
        double duration = teams.get(run.teamId()).durations().draw(random);
        running.merge(run.teamId(), 1, Integer::sum);
        startedAt.put(run.id(), now);
        inFlight.add(new Running(run, now + duration));
        slotSeconds.merge(run.teamId(), duration, Double::sum);
    }

    double now() {
        return now;
    }

    /** When the run started, empty while it waits. */
    Optional<Double> startedAt(UUID run) {
        return Optional.ofNullable(startedAt.get(run));
    }

    /** The first moment after {@code time} at which a slot freed: one slot turnover later. */
    Optional<Double> firstSlotFreeAfter(double time) {
        return slotFrees.stream().filter(t -> t >= time).findFirst();
    }

    /**
     * Each team's slot-seconds within {@code [0, horizon]}: the runs started so far, each counted up to the
     * horizon (a run still going at the horizon counts only its part before it).
     */
    Map<String, Double> slotSecondsUntil(double horizon) {
        Map<String, Double> within = new HashMap<>();
        teams.keySet().forEach(team -> within.put(team, 0.0));
        for (Running run : inFlight) {
            double started = startedAt.get(run.run().id());
            double beyond = Math.max(0, run.endsAt() - Math.max(horizon, started));
            within.merge(run.run().teamId(), -beyond, Double::sum);
        }
        slotSeconds.forEach((team, seconds) -> within.merge(team, seconds, Double::sum));
        return within;
    }

    int queued(String team) {
        return queues.get(team).size();
    }
}
