package dev.k6runner.platform.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BundlePathTest {

    @Test
    void dotAndEmptySegmentsAreDroppedToOneNormalForm() {
        assertThat(BundlePath.normalize("./lib//util.js")).isEqualTo("lib/util.js");
        assertThat(BundlePath.normalize("data/./users.csv")).isEqualTo("data/users.csv");
        assertThat(BundlePath.normalize("données/é.json")).isEqualTo("données/é.json");
    }

    @Test
    void anythingThatCouldLeaveTheFolderIsRefused() {
        for (String bad : new String[] {"../x.js", "a/../../x.js", "..", "/etc/passwd", "C:\\x.js", "lib\\..\\x", "", ".", "./",
                "a\u0000b", "line\nbreak", "x".repeat(2000)}) {
            assertThatThrownBy(() -> BundlePath.normalize(bad)).as(bad).isInstanceOfSatisfying(BundleRefused.class,
                    e -> assertThat(e.reason()).isEqualTo(BundleRefused.Reason.PATH));
        }
    }
}
