package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.k6runner.model.Topic;
import dev.k6runner.testsupport.SharedKafka;

/**
 * The submitting request's trace goes on through the outbox: its traceparent is stored on the run row, and
 * the relay, publishing later from its own thread, sends the RunRequested record in that trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class TraceTest extends GatewayIntegrationTest {

    private static final String BODY = "{\"script\":\"export default function () {}\",\"name\":\"traced\"}";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

    @Test
    void aSubmissionWithATraceparentIsPublishedInThatTrace(CapturedOutput output) {
        Team team = newTeam(5);
        UUID id = accepted(submit(team, BODY, "traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01"));

        String stored = storedTraceparent(id);
        assertThat(stored).as("the gateway's server span, a child of the caller's").matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01")
                .doesNotContain(CALLER_SPAN_ID);
        String published = traceparentOf(record(id));
        assertThat(published).as("the producer span, below the relay's publish span").matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01")
                .isNotEqualTo(stored);
        assertThat(output.getOut()).as("the intake's log line").containsPattern(
                "trace=" + TRACE_ID + " span=[0-9a-f]{16} run_id=" + id + "\\].*run accepted");
    }

    @Test
    void aSubmissionWithoutOneStartsATraceThatTheRecordContinues() {
        Team team = newTeam(5);
        UUID id = accepted(submit(team, BODY));

        String stored = storedTraceparent(id);
        assertThat(stored).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}").doesNotContain(TRACE_ID);
        assertThat(traceIdOf(traceparentOf(record(id)))).isEqualTo(traceIdOf(stored));
    }

    private static UUID accepted(Answer answer) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(202);
        return UUID.fromString(answer.json().get("test_id").asString());
    }

    private String storedTraceparent(UUID id) {
        return jdbc.sql("SELECT traceparent FROM runs WHERE id = ?").param(id).query(String.class).single();
    }

    private static ConsumerRecord<String, String> record(UUID id) {
        return Topics.awaitRecord(SharedKafka.bootstrapServers(), Topic.RUNS_REQUESTED.topicName(), id, Duration.ofSeconds(30));
    }

    private static String traceparentOf(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("traceparent");
        assertThat(header).as("traceparent header of the RunRequested record").isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String traceIdOf(String traceparent) {
        return traceparent.split("-")[1];
    }
}
