package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import dev.k6runner.gateway.bundle.Bundle;
import dev.k6runner.gateway.bundle.BundleStore;
import dev.k6runner.gateway.bundle.Bundles;
import dev.k6runner.gateway.maintenance.RetentionAccess;
import dev.k6runner.platform.bundle.BundleKind;

class BundleStorageTest extends GatewayIntegrationTest {

    @Autowired
    BundleStore store;

    @Autowired
    Bundles bundles;

    @Autowired
    ApplicationContext context;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void anIdenticalBundleIsStoredOnceHoweverOftenItIsSubmitted() {
        String content = "export const id = '" + UUID.randomUUID() + "';";
        Bundle bundle = bundles.files(Map.of("lib/util.js", content));
        assertThat(store.save(bundle)).isTrue();
        long tableBytes = tableBytes();
        for (int i = 0; i < 20; i++) {
            assertThat(store.save(bundles.files(Map.of("./lib/util.js", content)))).isFalse();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM bundles WHERE sha256 = ?").param(bundle.sha256()).query(Long.class).single())
                .isOne();
        assertThat(tableBytes()).as("no second copy of the content").isEqualTo(tableBytes);
        assertThat(store.summary(bundle.sha256())).get().satisfies(summary -> {
            assertThat(summary.kind()).isEqualTo(BundleKind.FILES);
            assertThat(summary.files()).containsExactly("lib/util.js");
            assertThat(summary.bytes()).isEqualTo(bundle.bytes());
        });
    }

    @Test
    void retentionDeletesBundlesNoRunReferencesOnceTheirGraceHasPassed() {
        Team team = newTeam(20);
        Bundle used = saved("used");
        Bundle orphan = saved("orphan");
        Bundle fresh = saved("fresh");
        UUID run = Seeds.run(jdbc, team.id(), "multi", "completed", Instant.now());
        jdbc.sql("UPDATE runs SET bundle_sha256 = ? WHERE id = ?").params(used.sha256(), run).update();
        jdbc.sql("UPDATE bundles SET last_used_at = now() - interval '2 hours' WHERE sha256 IN (?, ?)")
                .params(used.sha256(), orphan.sha256()).update();

        new RetentionAccess(context).prune();

        assertThat(store.summary(used.sha256())).as("a run references it").isPresent();
        assertThat(store.summary(orphan.sha256())).as("unreferenced, past its grace").isEmpty();
        assertThat(store.summary(fresh.sha256())).as("just uploaded: its run may not be inserted yet").isPresent();

        jdbc.sql("DELETE FROM runs WHERE id = ?").param(run).update();
        new RetentionAccess(context).prune();
        assertThat(store.summary(used.sha256())).as("its last run is gone").isEmpty();
    }

    /**
     * Submissions of one bundle do not queue behind each other on its row: a use within half the retention grace
     * writes nothing (no row version, no exclusive lock held until commit), an older one refreshes {@code last_used_at}.
     */
    @Test
    void aBundleUsedWithinHalfItsGraceIsNotWrittenAgainAndAnOlderOneIsRefreshed() {
        Bundle bundle = saved("refresh");
        jdbc.sql("UPDATE bundles SET last_used_at = now() - interval '29 minutes' WHERE sha256 = ?").param(bundle.sha256()).update();
        String version = rowVersion(bundle);

        assertThat(store.save(bundle)).isFalse();
        assertThat(store.touch(bundle.sha256())).isTrue();
        assertThat(rowVersion(bundle)).as("used 29 minutes ago, the grace is 1 h: not written").isEqualTo(version);

        jdbc.sql("UPDATE bundles SET last_used_at = now() - interval '31 minutes' WHERE sha256 = ?").param(bundle.sha256()).update();
        assertThat(store.touch(bundle.sha256())).isTrue();
        assertThat(jdbc.sql("SELECT last_used_at > now() - interval '1 minute' FROM bundles WHERE sha256 = ?")
                .param(bundle.sha256()).query(Boolean.class).single()).as("refreshed").isTrue();
        assertThat(store.touch("0".repeat(64))).as("not stored").isFalse();
    }

    /** A submission whose transaction is still open (its run not yet committed) does not hold up the next one. */
    @Test
    void aSecondSubmissionOfABundleIsNotBlockedByAnOpenTransactionThatUsesIt() throws Exception {
        Bundle bundle = saved("concurrent");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = Thread.ofVirtual().start(() -> transactions.executeWithoutResult(status -> {
            store.touch(bundle.sha256());
            held.countDown();
            awaitQuietly(release);
        }));
        assertThat(held.await(60, TimeUnit.SECONDS)).as("the first transaction holds the bundle").isTrue();
        try {
            Boolean second = transactions.execute(status -> {
                jdbc.sql("SET LOCAL lock_timeout = '5s'").update();
                return store.touch(bundle.sha256());
            });
            assertThat(second).as("no lock_timeout: the first's open transaction did not block it").isTrue();
        } finally {
            release.countDown();
            first.join();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String rowVersion(Bundle bundle) {
        return jdbc.sql("SELECT xmin::text FROM bundles WHERE sha256 = ?").param(bundle.sha256()).query(String.class).single();
    }

    private Bundle saved(String name) {
        Bundle bundle = bundles.files(Map.of(name + ".js", "// " + UUID.randomUUID()));
        store.save(bundle);
        return bundle;
    }

    private long tableBytes() {
        return jdbc.sql("SELECT coalesce(sum(octet_length(content)), 0) FROM bundles").query(Long.class).single();
    }
}
