package dev.k6runner.runner;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The runner: takes runs as its slots free up, runs k6 confined, and publishes what k6 produced. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RunnerWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(RunnerWorkerApplication.class, args);
    }
}
