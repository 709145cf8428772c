package dev.k6runner.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import dev.k6runner.runner.RunnerProperties;

/** How the operator's resource settings become rlimits. */
class SandboxResourceLimitsTest {

    @TempDir
    Path temp;

    @Test
    void theAddressSpaceIsFourTimesTheMemoryBoundButNeverBelowEightGibibytes() {
        assertThat(ResourceLimits.addressSpaceFor(DataSize.ofGigabytes(2).toBytes())).isEqualTo(8L << 30);
        assertThat(ResourceLimits.addressSpaceFor(DataSize.ofMegabytes(256).toBytes())).isEqualTo(8L << 30);
        assertThat(ResourceLimits.addressSpaceFor(DataSize.ofGigabytes(6).toBytes())).isEqualTo(24L << 30);
    }

    @Test
    void eachBoundBecomesAPrlimitOptionAndProcessesOnlyUnderAUidOfItsOwn() {
        ResourceLimits limits = ResourceLimits.of(new RunnerProperties.Resources(DataSize.ofGigabytes(2), 100, 1000,
                DataSize.ofMegabytes(5), null, null), "/usr/bin/prlimit");
        assertThat(limits.command(false)).containsExactly("/usr/bin/prlimit", "--nofile=1000", "--fsize=5242880",
                "--as=" + (8L << 30), "--");
        assertThat(limits.command(true)).containsExactly("/usr/bin/prlimit", "--nofile=1000", "--fsize=5242880",
                "--as=" + (8L << 30), "--nproc=100", "--");
        assertThat(new ResourceLimits(null, 1, 1, 1, 1).command(true)).isEmpty();
    }

    @Test
    void aBoundAboveTheRunnersOwnHardLimitIsLoweredToIt() throws IOException {
        Path table = Files.writeString(temp.resolve("limits"), """
                Limit                     Soft Limit           Hard Limit           Units    \s
                Max file size             unlimited            unlimited            bytes    \s
                Max processes             96363                96363                processes\s
                Max open files            1024                 4096                 files    \s
                """);
        var hard = ResourceLimits.hardLimits(table);
        assertThat(hard.get("Max open files")).isEqualTo(OptionalLong.of(4096));
        assertThat(hard.get("Max file size")).isEqualTo(OptionalLong.empty());
        assertThat(ResourceLimits.clamp("open files", 20_000, hard.get("Max open files"))).isEqualTo(4096);
        assertThat(ResourceLimits.clamp("file size", 1 << 30, hard.get("Max file size"))).isEqualTo(1 << 30);
        assertThat(ResourceLimits.clamp("processes", 512, hard.get("Max processes"))).isEqualTo(512);
    }
}
