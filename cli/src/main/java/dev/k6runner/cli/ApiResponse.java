package dev.k6runner.cli;

import java.net.http.HttpHeaders;

import tools.jackson.databind.JsonNode;

/** One answer of the gateway: status, raw body (printed as is by --json), parsed body. */
record ApiResponse(int status, String body, JsonNode json, HttpHeaders headers) {

    static ApiResponse of(int status, String body, HttpHeaders headers) {
        return new ApiResponse(status, body == null ? "" : body, Json.parse(body), headers);
    }

    boolean successful() {
        return status >= 200 && status < 300;
    }

    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }
}
