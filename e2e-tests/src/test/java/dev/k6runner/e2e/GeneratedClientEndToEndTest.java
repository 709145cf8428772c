package dev.k6runner.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.k6runner.client.ApiClient;
import dev.k6runner.client.ApiException;
import dev.k6runner.client.ApiResponse;
import dev.k6runner.client.api.ArchivesApi;
import dev.k6runner.client.api.RunsApi;
import dev.k6runner.client.model.AnomalyAnalysis;
import dev.k6runner.client.model.Problem;
import dev.k6runner.client.model.ProblemError;
import dev.k6runner.client.model.RunDocument;
import dev.k6runner.client.model.RunDocument.StatusEnum;
import dev.k6runner.client.model.RunRequest;
import dev.k6runner.client.model.RunSummary;
import dev.k6runner.testsupport.K6Standin;

/**
 * The Java client that module api-client generates from the gateway's OpenAPI description (the JDK's HttpClient,
 * nothing else) drives the real services: a user who trusts the description gets a working client.
 */
class GeneratedClientEndToEndTest {

    private static final Set<StatusEnum> TERMINAL = Set.of(StatusEnum.COMPLETED, StatusEnum.FAILED, StatusEnum.CANCELLED,
            StatusEnum.TIMED_OUT, StatusEnum.INTERRUPTED);

    @Test
    void theGeneratedClientSubmitsARunFollowsItToItsEndAndFindsItInHistory() throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + Pipeline.get().gateway.port());
        RunsApi runs = new RunsApi(client);
        String name = "e2e-generated-client-" + UUID.randomUUID().toString().substring(0, 8);

        ApiResponse<RunDocument> accepted = runs.submitWithHttpInfo(new RunRequest()
                .script(K6Standin.scriptFor("basic-get")).name(name).putTagsItem("client", "generated"),
                "e2e-" + name, null);
        assertThat(accepted.getStatusCode()).isEqualTo(202);
        UUID testId = accepted.getData().getTestId();
        assertThat(accepted.getHeaders().get("Location")).containsExactly("/api/v1/test/results/" + testId);

        RunDocument done = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> runs.result(testId), document -> TERMINAL.contains(document.getStatus()));
        assertThat(done.getStatus()).isEqualTo(StatusEnum.COMPLETED);
        assertThat(done.getName()).isEqualTo(name);
        assertThat(done.getRequest().getTags()).containsEntry("client", "generated");
        assertThat(done.getMetrics().getTotalRequests()).isPositive();
        assertThat(done.getThresholds().getPassed()).isTrue();
        assertThat(done.getAnomalyAnalysis().getAnalyzer()).isEqualTo(AnomalyAnalysis.AnalyzerEnum.RULES);

        assertThat(runs.history(500, null).getTests()).extracting(RunSummary::getTestId).contains(testId);
        assertThat(runs.search(null, null, null, name, List.of("completed"), List.of("client:generated"), null, null, null, null)
                .getTests()).extracting(RunSummary::getTestId).containsExactly(testId);
    }

    /** The multipart/form-data way, generated as ArchivesApi (see api-client's pom for why it is a second class). */
    @Test
    void theGeneratedClientUploadsAK6ArchiveAsMultipartAndTheRunUsesTheRequestPartsOverrides() throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + Pipeline.get().gateway.port());
        byte[] recorded = K6Standin.recorded("archive", "archive.tar");
        Path tar = Files.createTempFile("generated-client-", ".tar");
        Files.write(tar, recorded);
        String name = "e2e-generated-archive-" + UUID.randomUUID().toString().substring(0, 8);

        ApiResponse<RunDocument> accepted = new ArchivesApi(client).submitArchiveWithHttpInfo(tar.toFile(), null, null,
                "{\"name\":\"" + name + "\",\"vus\":1,\"iterations\":3}");

        assertThat(accepted.getStatusCode()).isEqualTo(202);
        UUID testId = accepted.getData().getTestId();
        RunDocument done = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> new RunsApi(client).result(testId), document -> TERMINAL.contains(document.getStatus()));
        assertThat(done.getStatus()).isEqualTo(StatusEnum.COMPLETED);
        assertThat(done.getName()).isEqualTo(name);
        assertThat(done.getMetrics().getIterations()).isEqualTo(3L);
        assertThat(done.getRequest().getArchive().getBytes()).isEqualTo((long) recorded.length);
        Files.delete(tar);
    }

    @Test
    void aRefusedSubmissionIsAProblemDocumentTheClientCanRead() throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + Pipeline.get().gateway.port());

        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> new RunsApi(client).submit(new RunRequest().script("export default function () {}").vus(-1), null, null));

        assertThat(refused.getCode()).isEqualTo(400);
        Problem problem = client.getObjectMapper().readValue(refused.getResponseBody(), Problem.class);
        assertThat(problem.getType()).hasToString("https://k6runner.dev/problems/validation");
        assertThat(problem.getErrors()).extracting(ProblemError::getPointer).contains("#/vus");
    }
}
