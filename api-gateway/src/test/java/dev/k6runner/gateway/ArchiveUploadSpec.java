package dev.k6runner.gateway;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The input from which api-client generates its {@code ArchivesApi.submitArchive}: the live description cut down to
 * the multipart/form-data content of {@code POST /api/v1/test/run}. openapi-generator (7.x) makes one method per
 * operation from the first content of its request body only (OpenAPITools/openapi-generator#17877), so the JSON
 * submission and the archive upload, which the description rightly keeps in one operation, are generated from two
 * inputs. Everything but the path, the operation's id, tag and request content is the live description's.
 */
final class ArchiveUploadSpec {

    static final String PATH = "/api/v1/test/run";

    private ArchiveUploadSpec() {
    }

    static JsonNode of(JsonNode live) {
        ObjectNode spec = (ObjectNode) live.deepCopy();
        ObjectNode submit = (ObjectNode) spec.path("paths").path(PATH).path("post").deepCopy();
        submit.put("operationId", "submitArchive");
        submit.put("summary", "Submit a k6 archive (multipart/form-data)");
        submit.set("tags", spec.arrayNode().add("archives"));
        ObjectNode content = (ObjectNode) submit.path("requestBody").path("content");
        content.retain("multipart/form-data");
        ObjectNode paths = spec.putObject("paths");
        paths.putObject(PATH).set("post", submit);
        ArrayNode tags = spec.putArray("tags");
        tags.addObject().put("name", "archives").put("description", "Submit a k6 archive as multipart/form-data");
        return spec;
    }
}
