package dev.k6runner.gateway.intake;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The multipart/form-data form of {@code POST /api/v1/test/run}, for the OpenAPI description only: the controller
 * reads the parts itself ({@link BundleSubmissions#archive}). Springdoc would merge a second operation of the same
 * path and method into the first, so the form is described as a second content type of the one request body.
 */
@Schema(description = "A k6 archive and the request's other fields. Runs as `k6 run archive.tar` with the overrides.")
record ArchiveUpload(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, type = "string", format = "binary",
                description = "a tar made by `k6 archive` (metadata.json, data, the files under file/); at most the "
                        + "bundle limit (413 `bundle-too-large`). Env in its metadata.json becomes the run's env, under "
                        + "the request's, and is not stored with the archive") String archive,
        @Schema(description = "JSON with every field of the JSON body except `script` and `files` (400 if given); "
                + "sent as a part with Content-Type application/json or as a plain form field",
                implementation = RunRequest.class) RunRequest request) {
}
