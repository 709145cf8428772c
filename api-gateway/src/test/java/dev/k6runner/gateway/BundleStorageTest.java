package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

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

    private Bundle saved(String name) {
        Bundle bundle = bundles.files(Map.of(name + ".js", "// " + UUID.randomUUID()));
        store.save(bundle);
        return bundle;
    }

    private long tableBytes() {
        return jdbc.sql("SELECT coalesce(sum(octet_length(content)), 0) FROM bundles").query(Long.class).single();
    }
}
