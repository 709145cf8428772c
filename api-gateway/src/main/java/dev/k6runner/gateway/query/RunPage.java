package dev.k6runner.gateway.query;

import java.util.List;

/** A page of history or search, newest first; {@code next_cursor} is null on the last page. */
public record RunPage(List<RunSummary> tests, String nextCursor) {
}
