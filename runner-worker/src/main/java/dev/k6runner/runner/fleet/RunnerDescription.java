package dev.k6runner.runner.fleet;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.execution.K6Installation;
import dev.k6runner.runner.sandbox.Confinement;

/** What the registry and health say about this runner; fixed at start. */
@Component
record RunnerDescription(
        String id,
        String host,
        String k6Binary,
        String k6Version,
        boolean k6Available,
        String confinement,
        boolean acceptsRuns,
        int capacity) {

    /** This runner, described from what it found at start; the canonical constructor is for tests. */
    @Autowired
    RunnerDescription(RunnerProperties properties, K6Installation k6, Confinement confinement) {
        this(properties.id(), hostName(), k6.available() ? k6.path() : k6.configured(), k6.version(), k6.available(),
                confinement.describe(), k6.available() && confinement.allowsRuns(), properties.slots());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
