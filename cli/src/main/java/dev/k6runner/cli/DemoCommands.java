package dev.k6runner.cli;

import java.io.IOException;
import java.net.BindException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import dev.k6runner.cli.demo.DemoTarget;

/** {@code demo-target} (the demo's HTTP target) and {@code demo} (submit the samples, show the table). */
final class DemoCommands {

    static final List<Command> ALL = List.of(
            new Command("demo-target", "demo-target [--port 18080] [--host 127.0.0.1]",
                    "serve the demo's HTTP target: /ok /slow?ms=N /status/CODE /flaky?fail=P /auth /degrading /reset, POST echo",
                    Set.of("port", "host"), Set.of(), DemoCommands::target),
            new Command("demo", "demo [--samples DIR] [--target-url URL] [--max-wait D] [--only NAME]...",
                    "submit every sample against the demo target, wait, print a table of results and anomalies",
                    Set.of("samples", "target-url", "max-wait", "only", "poll-interval"), Set.of(), DemoRun::execute));

    private DemoCommands() {
    }

    static int target(Args args, CliContext context) throws UsageException {
        args.noPositionals();
        Integer port = args.intValue("port", 0, 65535);
        String host = args.value("host") == null ? "127.0.0.1" : args.value("host");
        DemoTarget target;
        try {
            target = DemoTarget.start(host, port == null ? 18080 : port);
        } catch (BindException e) {
            context.err().println("error: cannot listen on " + host + ":" + (port == null ? 18080 : port) + " (" + e.getMessage()
                    + "): another process uses the port; find it with `ss -ltnp` and stop it, or pass --port");
            return ExitStatus.FAILED;
        } catch (IOException e) {
            context.err().println("error: cannot start the demo target: " + e.getMessage());
            return ExitStatus.FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            target.close();
            stopped.countDown();
        }, "demo-target-stop"));
        context.out().println("demo target listening on " + target.baseUrl() + " (Ctrl-C stops it)");
        context.out().flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            target.close();
        }
        return ExitStatus.OK;
    }
}
