package dev.k6runner.gateway.bundle;

import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Encoding;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * The multipart/form-data way of submitting a run (a {@code k6 archive} tar), described as the second content of
 * {@code POST /api/v1/test/run}'s request body. Its handler is hidden from springdoc, which would otherwise merge it
 * with the JSON handler of the same path and method and lose that one's answers; the answers are the same for both.
 * <p>
 * The part {@code request} is described as JSON text (a string whose part is {@code application/json}) rather than
 * as the RunRequest object: it holds every field but {@code script} and {@code files}, and a generated client sends a
 * string part as it is given, where it would send an object part as its {@code toString()}.
 */
@Component
class ArchiveUploadDescription implements OpenApiCustomizer {

    static final String SCHEMA = "ArchiveUpload";
    static final String PATH = "/api/v1/test/run";
    static final String MULTIPART = "multipart/form-data";

    @Override
    public void customise(OpenAPI openApi) {
        PathItem item = openApi.getPaths().get(PATH);
        if (item == null || item.getPost() == null || item.getPost().getRequestBody() == null) {
            return;
        }
        openApi.getComponents().addSchemas(SCHEMA, schema());
        Operation submit = item.getPost();
        Content content = submit.getRequestBody().getContent();
        content.addMediaType(MULTIPART, new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA))
                .encoding(Map.of(
                        "archive", new Encoding().contentType("application/x-tar, application/octet-stream"),
                        "request", new Encoding().contentType("application/json"))));
        submit.getRequestBody().description("A JSON run request (with `files` for a multi-file test), or a `k6 archive` "
                + "tar as multipart/form-data: part `archive`, optional part `request`.");
        submit.getResponses().put("415", new ApiResponse()
                .description("the body is neither `application/json` nor `multipart/form-data`")
                .content(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
    }

    private static Schema<?> schema() {
        Schema<?> form = new ObjectSchema()
                .description("A run from a `k6 archive`: runs as `k6 run archive.tar` with the request's overrides, "
                        + "as k6's flags over the archive's options. The archive's env is the run's, under the "
                        + "request's own `env`.")
                .addProperty("archive", new BinarySchema().description("a tar made by `k6 archive` (any files, binary "
                        + "too); refused with 400 `bundle-path`, `bundle-entry-type`, `bundle-too-many-files`, "
                        + "`bundle-malformed`, 413 `bundle-too-large`"))
                .addProperty("request", new StringSchema().description("JSON: every field of RunRequest except "
                        + "`script` and `files` (name, vus, duration, iterations, env, tags, timeout, runners); "
                        + "for example {\"name\":\"checkout\",\"vus\":5}"));
        form.setRequired(List.of("archive"));
        return form;
    }
}
