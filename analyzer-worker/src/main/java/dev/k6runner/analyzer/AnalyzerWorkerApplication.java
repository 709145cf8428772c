package dev.k6runner.analyzer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The analyzer worker: turns each finished run into metrics and anomalies, and finishes it. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class AnalyzerWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(AnalyzerWorkerApplication.class, args);
    }
}
