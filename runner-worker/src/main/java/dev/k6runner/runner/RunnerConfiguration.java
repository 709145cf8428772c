package dev.k6runner.runner;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;

import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.k6runner.model.Topic;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.platform.kafka.KafkaPlatformProperties;
import dev.k6runner.platform.observability.KafkaRecordObservation;
import dev.k6runner.runner.bundle.RunBundles;
import dev.k6runner.runner.claim.RunClaimer;
import dev.k6runner.runner.control.CancelListener;
import dev.k6runner.runner.execution.K6Installation;
import dev.k6runner.runner.execution.ProcessLauncher;
import dev.k6runner.runner.execution.RunExecutor;
import dev.k6runner.runner.execution.RunningRuns;
import dev.k6runner.runner.execution.Slots;
import dev.k6runner.runner.fleet.Heartbeat;
import dev.k6runner.runner.fleet.RunnerDescription;
import dev.k6runner.runner.fleet.RunnerHealthIndicator;
import dev.k6runner.runner.fleet.RunnerLifecycle;
import dev.k6runner.runner.intake.RunIntake;
import dev.k6runner.runner.intake.ShareConsumers;
import dev.k6runner.runner.publish.ResultArchive;
import dev.k6runner.runner.publish.ResultPublisher;
import dev.k6runner.runner.sandbox.Confinement;
import dev.k6runner.runner.sandbox.ConfinementProbe;

/** Wires the runner's plain classes; the logic lives in them, testable without Spring. */
@Configuration(proxyBeanMethods = false)
class RunnerConfiguration {

    @Bean
    RunnerMetrics runnerMetrics(MeterRegistry registry) {
        return new RunnerMetrics(registry);
    }

    @Bean
    Slots slots(RunnerProperties properties, RunningRuns runs, RunnerMetrics metrics) {
        Slots slots = new Slots(properties.slots());
        metrics.slots(slots::capacity, runs::size);
        return slots;
    }

    @Bean
    RunningRuns runningRuns() {
        return new RunningRuns();
    }

    @Bean
    ProcessLauncher processLauncher() {
        return new ProcessLauncher();
    }

    @Bean
    K6Installation k6Installation(RunnerProperties properties, ProcessLauncher launcher) {
        return K6Installation.detect(properties.k6Binary(), launcher);
    }

    @Bean
    Confinement confinement(RunnerProperties properties) {
        return ConfinementProbe.probe(properties);
    }

    @Bean
    RunnerDescription runnerDescription(RunnerProperties properties, K6Installation k6, Confinement confinement) {
        return new RunnerDescription(properties.id(), hostName(), k6.available() ? k6.path() : k6.configured(), k6.version(),
                k6.available(), confinement.describe(), k6.available() && confinement.allowsRuns(), properties.slots());
    }

    @Bean
    ResultPublisher resultPublisher(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, String> kafka,
                                    EventCodec codec, RunnerMetrics metrics) {
        return new ResultPublisher(jdbc, transactions, kafka, codec, metrics);
    }

    @Bean
    RunExecutor runExecutor(RunnerProperties properties, K6Installation k6, Confinement confinement, ProcessLauncher launcher,
                            RunningRuns runs, Slots slots, ResultPublisher publisher, RunnerMetrics metrics,
                            ObjectProvider<Tracer> tracer, RunBundles bundles) {
        return new RunExecutor(properties, k6, confinement, launcher, runs, slots, publisher,
                new ResultArchive(properties.resultsDir()), metrics, tracer.getIfAvailable(() -> Tracer.NOOP), bundles);
    }

    @Bean
    RunnerHealthIndicator runnerHealthIndicator(RunnerDescription description, RunningRuns runs) {
        return new RunnerHealthIndicator(description, runs);
    }

    @Bean
    RunnerLifecycle runnerLifecycle(RunnerProperties properties, KafkaProperties kafka, KafkaPlatformProperties platform,
                                    JdbcClient jdbc, DataSource dataSource, RunExecutor executor, RunningRuns runs, Slots slots, EventCodec codec,
                                    RunnerMetrics metrics, RunnerDescription description, ProcessLauncher launcher,
                                    KafkaRecordObservation observation) {
        Map<String, Object> common = kafkaCommon(kafka);
        String shareGroup = platform.group(Topic.Names.RUNNER_SHARE_GROUP);
        ShareConsumers consumers = new ShareConsumers(common, shareGroup, properties.id());
        RunIntake intake = new RunIntake(consumers::create, consumers::configureGroup,
                new RunClaimer(jdbc, properties.id(), properties.leaseDuration()), executor, slots, codec,
                (record, handling) -> observation.observe(record, shareGroup, handling), metrics, properties.pollTimeout());
        CancelListener control = new CancelListener(common, platform.group("k6-runner-control-" + properties.id()),
                properties.id() + "-control", runs, codec);
        Heartbeat heartbeat = Heartbeat.create(dataSource, properties, description, runs, codec, metrics);
        return new RunnerLifecycle(heartbeat, control, intake, executor, runs, launcher, properties.heartbeatInterval(),
                properties.shutdownGracePeriod(), properties.stopGracePeriod());
    }

    /** Bootstrap servers and the shared client settings (security), not the classic consumer's own options. */
    private static Map<String, Object> kafkaCommon(KafkaProperties kafka) {
        Map<String, Object> common = new HashMap<>(kafka.getProperties());
        common.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
        if (kafka.getSecurity().getProtocol() != null) {
            common.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, kafka.getSecurity().getProtocol());
        }
        return common;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
