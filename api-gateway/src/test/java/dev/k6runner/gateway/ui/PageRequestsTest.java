package dev.k6runner.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a login may send the browser back to: this gateway's pages only, whatever {@code next} says. */
class PageRequestsTest {

    @Test
    void theGatewaysOwnPagesAreKept() {
        assertThat(PageRequests.safeNext("/ui")).isEqualTo("/ui");
        assertThat(PageRequests.safeNext("/ui?status=failed&name=a%20b")).isEqualTo("/ui?status=failed&name=a%20b");
        String report = "/api/v1/test/results/6f1c2a9e-1b2c-4d5e-8f90-0123456789ab/report";
        assertThat(PageRequests.safeNext(report)).isEqualTo(report);
        assertThat(PageRequests.safeNext("/api/v1/test/compare?base=a&head=b")).isEqualTo("/api/v1/test/compare?base=a&head=b");
    }

    @Test
    void anyOtherPlaceLandsOnTheRunList() {
        for (String away : new String[] {"https://evil.example/", "//evil.example/ui", "/\\evil.example", "/ui\\..\\x",
            "javascript:alert(1)", "/ui//evil.example", "/uix@evil.example", "/uix", "/ui\r\nSet-Cookie: a=b", "/admin/teams",
            "/api/v1/test/run", "", null, "ui", "/" + "u".repeat(3000)}) {
            assertThat(PageRequests.safeNext(away)).as(String.valueOf(away)).isEqualTo("/ui");
        }
    }
}
