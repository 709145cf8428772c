package dev.k6runner.runner.claim;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.k6runner.model.Segment;
import dev.k6runner.platform.segment.ExecutionSegments;
import dev.k6runner.runner.SegmentProperties;

/**
 * Places the N segments of a test as one unit, under the claim lock: only when N slots are free across the live
 * runners, one segment per runner first (distinct runners where enough are free), then a second on runners with
 * room. Nothing is reserved while a test waits: a test that does not fit stays queued, holding nothing.
 */
final class SegmentPlacement {

    /*
     * Free slots per live runner, as the database knows them: capacity less its single running runs and its live
     * segments. Read under the claim lock, which every placement and claim holds, so two placements never count
     * the same free slot.
     */
    private static final String FREE_SLOTS = """
            SELECT r.id,
                   r.capacity
                   - (SELECT count(*) FROM runs x WHERE x.runner_id = r.id AND x.status = 'running' AND x.runners = 1)
                   - (SELECT count(*) FROM run_segments s WHERE s.runner_id = r.id AND s.state IN ('assigned', 'running'))
                     AS free
            FROM runners r
            WHERE r.accepts_runs AND r.last_heartbeat > now() - make_interval(secs => :alive)""";

    private final JdbcClient jdbc;
    private final SegmentProperties properties;
    private final Duration lease;

    SegmentPlacement(JdbcClient jdbc, SegmentProperties properties, Duration lease) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.lease = lease;
    }

    /** @return the runner of each segment (segment 0 on {@code me}, who holds a slot for it), or empty when N do not fit */
    Optional<List<String>> plan(int segments, String me) {
        Map<String, Integer> free = new LinkedHashMap<>();
        jdbc.sql(FREE_SLOTS).param("alive", properties.runnerAlive().toMillis() / 1000.0)
                .query(rs -> {
                    free.put(rs.getString("id"), rs.getInt("free"));
                });
        // the caller holds one of its own slots for this claim, whatever the database counted
        free.merge(me, 1, Math::max);
        return choose(segments, me, free);
    }

    /**
     * In rounds: round k gives one more segment to each runner holding fewer than k, most free first, the claiming
     * runner (which has segment 0) last; so segments go to distinct runners while there are any with a free slot.
     */
    static Optional<List<String>> choose(int segments, String me, Map<String, Integer> free) {
        Map<String, Integer> left = new LinkedHashMap<>(free);
        Map<String, Integer> held = new LinkedHashMap<>(Map.of(me, 1));
        List<String> placed = new ArrayList<>(List.of(me));
        left.merge(me, -1, Integer::sum);
        List<String> order = new ArrayList<>(left.keySet());
        order.remove(me);
        order.sort(Comparator.comparing((String id) -> -free.get(id)).thenComparing(id -> id));
        order.add(me);
        for (int round = 1; placed.size() < segments; round++) {
            if (left.values().stream().noneMatch(slots -> slots > 0)) {
                return Optional.empty();
            }
            for (String runner : order) {
                if (placed.size() < segments && left.get(runner) > 0 && held.getOrDefault(runner, 0) < round) {
                    placed.add(runner);
                    left.merge(runner, -1, Integer::sum);
                    held.merge(runner, 1, Integer::sum);
                }
            }
        }
        return Optional.of(List.copyOf(placed));
    }

    /**
     * Inserts the claimed test's segments, in the claim's transaction: segment 0 running here, the others assigned to
     * their runners (which take them within a poll interval), all with one start barrier.
     *
     * @return segment 0's claim, to run on the caller's slot
     */
    ClaimedRun assign(ClaimedRun claimed, List<String> runners) {
        List<Segment> segments = ExecutionSegments.split(runners.size());
        Timestamp barrier = jdbc.sql("SELECT clock_timestamp() + make_interval(secs => :delay)")
                .param("delay", properties.startDelay().toMillis() / 1000.0).query(Timestamp.class).single();
        for (Segment segment : segments) {
            jdbc.sql("""
                            INSERT INTO run_segments (run_id, index, segment, sequence, runner_id, attempt_id, state, start_at,
                                                      lease_expires_at)
                            VALUES (:run, :index, :segment, :sequence, :runner, :attempt, :state, :barrier,
                                    clock_timestamp() + make_interval(secs => :lease))""")
                    .param("run", claimed.runId()).param("index", segment.index())
                    .param("segment", segment.executionSegment()).param("sequence", segment.sequence())
                    .param("runner", runners.get(segment.index())).param("attempt", claimed.attemptId())
                    .param("state", segment.index() == 0 ? "running" : "assigned").param("barrier", barrier)
                    .param("lease", lease.toMillis() / 1000.0)
                    .update();
        }
        return claimed.asSegment(segments.getFirst(), barrier.toInstant());
    }
}
