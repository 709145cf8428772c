package dev.k6runner.gateway.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

import dev.k6runner.gateway.web.ApiProblem;

/**
 * A keyset position: the (submitted_at, id) of the last run of a page. Opaque to clients
 * (base64url); anything this server did not issue is refused with a 400.
 */
record Cursor(Instant submittedAt, UUID id) {

    private static final String VERSION = "v1";

    String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, submittedAt);
        String plain = VERSION + ":" + micros + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text.strip()), StandardCharsets.UTF_8);
            String[] parts = plain.split(":", 3);
            if (parts.length != 3 || !VERSION.equals(parts[0])) {
                throw new IllegalArgumentException("unknown layout");
            }
            return new Cursor(Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS), UUID.fromString(parts[2]));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badParameter("cursor", "not a cursor issued by this server; pass next_cursor of the previous page unchanged");
        }
    }
}
