package dev.k6runner.gateway.query;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.k6runner.model.EndpointStats;
import dev.k6runner.model.LoadGeneratorHealth;
import dev.k6runner.model.RunProgress;
import dev.k6runner.model.TimelinePoint;
import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.databind.JsonNode;

/**
 * The full result document of a run, rendered in snake_case. {@code metrics}, {@code thresholds},
 * {@code anomaly_analysis} are the analyzer's JSON as stored; all of them are null before analysis.
 * {@code env} values never appear: only their names.
 */
public record RunDocument(
        UUID testId,
        String name,
        String status,
        String statusReason,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt,
        Long queuePosition,
        Instant cancelRequestedAt,
        Request request,
        Runner runner,
        Integer k6ExitCode,
        RunProgress progress,
        JsonNode thresholds,
        JsonNode metrics,
        JsonNode anomalyAnalysis,
        JsonNode rawSummary,
        String consoleOutput,
        List<TimelinePoint> timeline,
        List<EndpointStats> endpoints,
        LoadGeneratorHealth loadGenerator,
        boolean pinnedBaseline,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Segment> segments,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> notes) {

    /**
     * What was asked, without env values.
     *
     * @param runners how many runners (k6 execution segments) the test was split over; 1 for a single run
     * @param files   the names of the files bundled beside the script (JSON {@code files}); absent otherwise
     * @param archive the k6 archive the run ran; absent otherwise
     */
    public record Request(Integer vus, String duration, Integer iterations, List<String> envKeys,
                          JsonNode tags, long timeoutSeconds, int runners,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<String> files,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Archive archive) {
    }

    /** A k6 archive: its size and content hash (the same archive submitted again is stored once). */
    public record Archive(long bytes, String sha256) {
    }

    public record Runner(String id, String host, String k6Version) {
    }

    /**
     * One k6 execution segment of a test on several runners ({@code runners} over 1); absent for a single run.
     *
     * @param status       its own outcome once ended ({@code interrupted} when its runner died), else assigned or running
     * @param statusReason why it ended so, in k6's or the runner's words (a stop names its cause: another segment,
     *                     a dead runner, thresholds crossed on the merged data); absent for a segment that ran to its end
     * @param metrics      the metrics of this segment's data alone; the document's own are of the merged data
     * @param startAt      the start barrier every segment's k6 was to start at
     * @param k6StartedAt  when this segment's k6 really started: the start skew is its distance to the others'
     * @param progress     this segment's live progress while the test runs (the document's {@code progress} is
     *                     their sum); absent before its k6 reported and once the test ended
     */
    public record Segment(int index, String segment, Runner runner, String status,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String statusReason, Integer k6ExitCode, JsonNode metrics,
                          Instant startAt, Instant k6StartedAt, @JsonInclude(JsonInclude.Include.NON_NULL) RunProgress progress) {
    }
}
