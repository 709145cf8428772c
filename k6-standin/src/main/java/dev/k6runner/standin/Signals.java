package dev.k6runner.standin;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * k6's handling of SIGINT and SIGTERM once a run started: the first asks for a graceful stop (the replay
 * thread notices, writes the summary and exits 105), a second exits 105 at once. Before the run starts
 * the JVM's default handling applies, as Go's does for k6 while it loads the script.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is reached reflectively: javac's "internal
 * proprietary API" warning cannot be suppressed and the build fails on warnings.
 */
final class Signals {

    static final int EXTERNAL_ABORT = 105;

    private final Thread replay;
    private final AtomicReference<String> first = new AtomicReference<>();
    private final AtomicInteger count = new AtomicInteger();

    Signals(Thread replay) {
        this.replay = replay;
    }

    void install() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Method name = signal.getMethod("getName");
            Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            received((String) name.invoke(args[0]));
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "k6-standin signal handler";
                    });
            Method handle = signal.getMethod("handle", signal, handlerType);
            for (String which : new String[] {"INT", "TERM"}) {
                handle.invoke(null, signal.getConstructor(String.class).newInstance(which), handler);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot install SIGINT/SIGTERM handlers", e);
        }
    }

    /** Go's name of the first signal ("interrupt", "terminated"), or null while none arrived. */
    String first() {
        return first.get();
    }

    private void received(String signalName) {
        if (count.incrementAndGet() > 1) {
            Runtime.getRuntime().halt(EXTERNAL_ABORT);
        }
        first.set(signalName.equals("INT") ? "interrupt" : "terminated");
        LockSupport.unpark(replay);
    }
}
