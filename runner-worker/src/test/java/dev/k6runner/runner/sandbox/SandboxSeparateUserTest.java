package dev.k6runner.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import dev.k6runner.runner.RunnerProperties;

/**
 * The attacks on k6 under a separate uid, plus what only it bounds: processes per uid, and what that uid leaves in
 * the host's world-writable directories. Needs a runner that may switch users (here: root).
 */
class SandboxSeparateUserTest extends SandboxAttacks {

    /** A uid range of this test's own: other tests on this host may be running slots at the default 20000. */
    private final int uidBase = 30000 + ThreadLocalRandom.current().nextInt(10_000) * 2;

    @Override
    Confinement confinement(RunnerProperties.Resources resources) {
        assumeRoot("k6 as another uid needs a runner allowed to switch users (root, or CAP_SETUID/SETGID/CHOWN/KILL)");
        Confinement confinement = ConfinementProbe.probe(host.properties("separate-user", uidBase, resources));
        assertThat(confinement).as(confinement.describe()).isInstanceOf(SeparateUser.class);
        return confinement;
    }

    @Test
    void itRunsAsItsSlotsUidAndGroupOnly() throws Exception {
        Confinement sandbox = confinement(TIGHT);
        String output = host.run(sandbox, 1, host.folder(sandbox, 1), "id -u; id -g; id -G; grep NoNewPrivs /proc/self/status")
                .output();
        String uid = Integer.toString(uidBase + 1);
        assertThat(output.lines()).containsExactly(uid, uid, uid, "NoNewPrivs:\t1");
    }

    @Test
    void tooManyProcessesFail() throws Exception {
        Confinement sandbox = confinement(TIGHT);
        String output = host.run(sandbox, 0, host.folder(sandbox, 0), host.python(
                "import os, time",
                "children = 0",
                "try:",
                "    while children < 100:",
                "        if os.fork() == 0:",
                "            os.closerange(0, 3)",
                "            time.sleep(600)",
                "            os._exit(0)",
                "        children += 1",
                "    print('FORKED', children)",
                "except OSError as e:",
                "    print('REFUSED', children, e.strerror)")).output();
        assertThat(output).contains("REFUSED", "Resource temporarily unavailable").doesNotContain("FORKED");
        int forked = Integer.parseInt(output.replaceAll("(?s).*REFUSED (\\d+).*", "$1"));
        assertThat(forked).isLessThan(TIGHT.maxProcesses());
        sandbox.cleanUp(0);
        assertThat(SlotFiles.processesOf(uidBase)).isEmpty();
    }

    @Test
    void whatItLeavesInTheHostsTmpIsRemovedByCleanUp() throws Exception {
        Confinement sandbox = confinement(TIGHT);
        String name = "left-" + UUID.randomUUID();
        // world-writable directories are open to every uid: the one place outside its folder it can write
        host.run(sandbox, 0, host.folder(sandbox, 0), "mkdir /tmp/" + name + " && echo x > /tmp/" + name + "/f && echo y > /dev/shm/" + name);
        assertThat(Path.of("/tmp", name, "f")).exists();
        sandbox.cleanUp(0);
        assertThat(Path.of("/tmp", name)).doesNotExist();
        assertThat(Path.of("/dev/shm", name)).doesNotExist();
    }

    @Test
    void theRunnerStillReadsWhatK6WroteAndDeletesTheFolder() throws Exception {
        Confinement sandbox = confinement(TIGHT);
        Path mine = host.folder(sandbox, 0);
        host.run(sandbox, 0, mine, "umask 077; mkdir -p deep/er; echo '{\"k6\":1}' > export.json; echo z > deep/er/f");
        assertThat(Files.readString(mine.resolve("export.json"))).isEqualTo("{\"k6\":1}\n");
        SlotFiles.deleteTree(mine);
        assertThat(mine).doesNotExist();
    }
}
