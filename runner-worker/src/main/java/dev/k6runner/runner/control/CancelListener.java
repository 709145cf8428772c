package dev.k6runner.runner.control;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

import dev.k6runner.model.RunCancelRequested;
import dev.k6runner.model.Topic;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.platform.kafka.KafkaPlatformProperties;
import dev.k6runner.platform.logging.RunMdc;
import dev.k6runner.runner.KafkaClientSettings;
import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.execution.RunningRuns;
import dev.k6runner.runner.execution.StopReason;
import dev.k6runner.runner.loops.Loops;
import dev.k6runner.runner.loops.SupervisedLoop;

/**
 * The fast path of a cancel: every runner reads the whole control topic in a consumer group of its own, from
 * the latest offset, and stops the runs it holds. Nothing is committed: a restarted runner holds no runs, and
 * the heartbeat's check of {@code cancel_requested_at} catches any message this path missed (also those sent while
 * the loop, supervised by {@link Loops}, waits to restart after a failure).
 */
@Component
public final class CancelListener {

    private static final Logger log = LoggerFactory.getLogger(CancelListener.class);

    private final Map<String, Object> config;
    private final RunningRuns runs;
    private final EventCodec codec;
    private volatile boolean running;
    private volatile Consumer<String, String> consumer;
    private final SupervisedLoop loop;

    public CancelListener(KafkaProperties kafka, KafkaPlatformProperties platform, RunnerProperties properties, RunningRuns runs,
                          EventCodec codec, Loops loops) {
        Map<String, Object> settings = new HashMap<>(KafkaClientSettings.common(kafka));
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, platform.group("k6-runner-control-" + properties.id()));
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, properties.id() + "-control");
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.config = Map.copyOf(settings);
        this.runs = runs;
        this.codec = codec;
        this.loop = loops.supervise(Loops.CANCEL, this::listen);
    }

    public synchronized void start() {
        running = true;
        loop.start();
    }

    /** One life of the cancel loop; anything it throws restarts it (meanwhile cancels arrive through the heartbeat). */
    private void listen() {
        Consumer<String, String> control = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        consumer = control;
        try {
            control.subscribe(List.of(Topic.Names.RUNS_CONTROL));
            while (running) {
                control.poll(Duration.ofSeconds(1)).forEach(this::handle);
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
            log.debug("control listener stopped");
        } finally {
            consumer = null;
            try {
                control.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            } catch (RuntimeException e) {
                log.warn("closing the control consumer failed: {}", e.toString());
            }
        }
    }

    void handle(ConsumerRecord<String, String> record) {
        RunCancelRequested cancel;
        try {
            cancel = codec.decode(record.value(), RunCancelRequested.class);
        } catch (EventCodec.UnreadableEventException e) {
            log.warn("unreadable control message skipped: {}", e.getMessage());
            return;
        }
        if (cancel.runId() == null) {
            return;
        }
        runs.get(cancel.runId()).ifPresent(run -> {
            try (var _ = RunMdc.open(run.runId())) {
                log.info("cancel requested at {}", cancel.requestedAt());
                run.requestStop(StopReason.CANCEL);
            }
        });
    }

    public void close() throws InterruptedException {
        running = false;
        loop.stop();
        Consumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        loop.join(Duration.ofSeconds(10));
    }
}
