package dev.k6runner.runner.sandbox;

import java.util.Map;

import dev.k6runner.platform.k6.ReservedEnv;

/**
 * The wrappers (bwrap, setpriv, prlimit) start as the runner's user, root in the shipped deployments, with k6's
 * environment: a variable the C library acts on (LD_PRELOAD …) would run code there, outside any confinement.
 * The runner drops such names before (reserved env names); this is the last line, where the environment is used.
 */
final class LoaderVariables {

    private LoaderVariables() {
    }

    /** Throws when {@code env} names a variable the C library would act on in the wrapper. */
    static void refuse(Map<String, String> env) {
        env.keySet().stream().filter(ReservedEnv::loadsCode).findFirst().ifPresent(name -> {
            throw new IllegalArgumentException("k6's environment may not set " + name + ": the C library of the confinement's "
                    + "own programs would act on it");
        });
    }
}
