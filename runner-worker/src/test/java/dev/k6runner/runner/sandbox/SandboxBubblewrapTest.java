package dev.k6runner.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import dev.k6runner.runner.RunnerProperties;

/** The attacks on bubblewrap, plus what only it bounds: a private, size-limited /tmp. */
class SandboxBubblewrapTest extends SandboxAttacks {

    @Override
    Confinement confinement(RunnerProperties.Resources resources) {
        Confinement confinement = ConfinementProbe.probe(host.properties("bubblewrap", 20000, resources));
        // bubblewrap needs user namespaces (or root): where it cannot sandbox, SandboxConfinementTest proves the refusal
        assumeTrue(confinement instanceof Bubblewrap, "no working bubblewrap here: " + confinement.describe());
        return confinement;
    }

    @Test
    void itsTmpIsPrivateAndHoldsNoMoreThanTmpSize() throws Exception {
        // a file size bound above the tmpfs size, so only the tmpfs can stop the write
        Confinement sandbox = confinement(new RunnerProperties.Resources(null, null, null, DataSize.ofMegabytes(64), null,
                DataSize.ofMegabytes(1)));
        String name = "evil-" + UUID.randomUUID();
        SandboxHost.Ran ran = host.run(sandbox, 0, host.folder(sandbox, 0), String.join("\n",
                "head -c 3000000 /dev/zero > /tmp/" + name + " && echo FILLED",
                "echo size=$(wc -c < /tmp/" + name + ")"));
        assertThat(ran.output()).contains("No space left on device", "size=" + DataSize.ofMegabytes(1).toBytes())
                .doesNotContain("FILLED");
        assertThat(Path.of("/tmp", name)).as("the host's /tmp").doesNotExist();
    }
}
