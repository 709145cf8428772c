package dev.k6runner.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UidRangeTest {

    @TempDir
    Path locks;

    @Test
    void twoRunnersOnOneHostNeverShareABlockOfUids() {
        assertThat(UidRange.claim(locks, 20_000)).contains(20_000);
        assertThat(UidRange.claim(locks, 20_000)).as("the first block is held: the next runner takes the next")
                .contains(20_000 + UidRange.BLOCK);
        assertThat(UidRange.claim(locks, 20_000)).contains(20_000 + 2 * UidRange.BLOCK);
        assertThat(locks.resolve("k6runner-uids-21000.lock")).exists();
    }
}
