package dev.k6runner.gateway.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.k6runner.gateway.web.ApiProblem;

class CursorTest {

    @Test
    void roundTripsToTheMicrosecond() {
        Cursor cursor = new Cursor(Instant.parse("2026-11-24T00:00:00.123456Z"), UUID.randomUUID());
        assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void refusesWhatThisServerDidNotIssue() {
        assertThatThrownBy(() -> Cursor.decode("bm9wZQ")).isInstanceOf(ApiProblem.class).hasMessageContaining("cursor");
        assertThatThrownBy(() -> Cursor.decode("!!!")).isInstanceOf(ApiProblem.class);
        assertThat(Cursor.decode(null)).isNull();
    }
}
