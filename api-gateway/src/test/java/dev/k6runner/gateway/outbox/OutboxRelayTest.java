package dev.k6runner.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import dev.k6runner.gateway.GatewayIntegrationTest;
import dev.k6runner.gateway.Topics;
import dev.k6runner.model.Topic;
import dev.k6runner.testsupport.SharedKafka;

/**
 * The outbox on the real database and broker (V25): the relay's mark is heap-only, runs of a commit go out by
 * their ids and once each, a run that left the queue first is never sent, and runs whose ids no gateway holds
 * are found by the sweep.
 */
class OutboxRelayTest extends GatewayIntegrationTest {

    @Autowired
    private OutboxRelay relay;

    @Autowired
    private TransactionTemplate transactions;

    @Test
    void theMarkOfAQueuedRunIsAHeapOnlyUpdateSoNoIndexOfRunsGrows() {
        Team team = newTeam(100);
        // insert and mark in one transaction that is rolled back: no sweep can take the run first; the statistics
        // are read before and after the mark, since a pooled connection's counts of earlier transactions may be unsent
        long[] updatedAndHeapOnly = transactions.execute(status -> {
            UUID run = insertQueued(team, 0);
            long[] before = updateCounts();
            assertThat(jdbc.sql(OutboxRelay.MARK_COMMITTED).param(new UUID[] {run}).query().listOfRows()).hasSize(1);
            long[] after = updateCounts();
            status.setRollbackOnly();
            return new long[] {after[0] - before[0], after[1] - before[1]};
        });

        assertThat(updatedAndHeapOnly).containsExactly(1, 1);
    }

    @Test
    void theRunsOfCommitsArePublishedOnceEach() throws Exception {
        // no runner alive, as other classes of this shared context may leave one: with free slots, the republisher
        // would send a run again that is still queued after requeue-after (3 s here), and that is not the relay's doing
        jdbc.sql("UPDATE runners SET last_heartbeat = now() - interval '1 hour'").update();
        Team team = newTeam(1000);
        List<UUID> runs;
        try (var clients = Executors.newFixedThreadPool(8)) {
            var answers = IntStream.range(0, 40).mapToObj(i -> clients.submit(() -> submitOk(team,
                    "{\"script\":\"export default function () {}\",\"name\":\"outbox-" + i + "\"}"))).toList();
            runs = answers.stream().map(answer -> {
                try {
                    return answer.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(team) == 0);
        assertThat(jdbc.sql("SELECT DISTINCT publish_attempts FROM runs WHERE team_id = ?").param(team.id())
                .query(Integer.class).list()).as("marked once each, by the commit's ids or the sweep").containsExactly(1);
        Map<String, Integer> records = recordsOf(runs);
        assertThat(records).hasSize(40).allSatisfy((run, count) -> assertThat(count).as(run).isEqualTo(1));
    }

    @Test
    void aRunThatLeftTheQueueBeforeTheRelayIsSettledAndNeverSent() {
        Team team = newTeam(100);
        UUID cancelled = transactions.execute(status -> {
            UUID run = insertQueued(team, 1);
            jdbc.sql("UPDATE runs SET status = 'cancelled', finished_at = now() WHERE id = ?").param(run).update();
            return run;
        });

        assertThat(jdbc.sql("SELECT published_at IS NOT NULL FROM runs WHERE id = ?").param(cancelled)
                .query(Boolean.class).single()).as("settled by V25's trigger").isTrue();
        assertThat(relay.publishCommitted(List.of(cancelled))).isZero();
    }

    @Test
    void theSweepPublishesARunWhoseIdNoGatewayHeld() {
        Team team = newTeam(100);
        // committed as another gateway that died before its relay ran would leave it
        UUID orphan = transactions.execute(status -> insertQueued(team, 2));

        await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(team) == 0);
        assertThat(recordsOf(List.of(orphan))).containsEntry(orphan.toString(), 1);
    }

    private long[] updateCounts() {
        return jdbc.sql("""
                SELECT pg_stat_get_xact_tuples_updated('runs'::regclass) AS updated,
                       pg_stat_get_xact_tuples_hot_updated('runs'::regclass) AS heap_only""")
                .query((row, n) -> new long[] {row.getLong("updated"), row.getLong("heap_only")}).single();
    }

    private UUID insertQueued(Team team, int slot) {
        UUID run = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, queue_slot)
                VALUES (?, ?, 'outbox', 'queued', 'export default function () {}', 60, ?, ?)""")
                .params(run, team.id(), java.sql.Timestamp.from(Instant.now()), slot).update();
        return run;
    }

    private long unpublished(Team team) {
        return jdbc.sql("SELECT count(*) FROM runs WHERE team_id = ? AND published_at IS NULL").param(team.id())
                .query(Long.class).single();
    }

    private static Map<String, Integer> recordsOf(List<UUID> runs) {
        return Topics.countByKey(SharedKafka.bootstrapServers(), Topic.RUNS_REQUESTED.topicName(), runs, Duration.ofSeconds(30));
    }
}
