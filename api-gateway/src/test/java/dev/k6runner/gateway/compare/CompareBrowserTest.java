package dev.k6runner.gateway.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import dev.k6runner.gateway.GatewayIntegrationTest;
import dev.k6runner.gateway.report.Browser;
import dev.k6runner.gateway.report.BrowserPerClass;
import dev.k6runner.gateway.report.StoredRuns;

/** The compare page in headless Chromium, opened as a person opens it (the browser asks for text/html). */
class CompareBrowserTest extends GatewayIntegrationTest {

    @RegisterExtension
    static final BrowserPerClass BROWSER = new BrowserPerClass();

    private Browser browser;

    private CompareRuns runs;
    private Team team;

    @BeforeEach
    void teamAndRuns() {
        browser = BROWSER.get();
        runs = new CompareRuns(new StoredRuns(jdbc));
        team = newTeam(20);
        browser.withApiKey(team.key());
        browser.consoleErrors();
    }

    private String compareUrl(UUID base, UUID head) {
        return "http://127.0.0.1:" + port + "/api/v1/test/compare?base=" + base + "&head=" + head;
    }

    @Test
    void theComparePageNamesARegressionBetweenAFastAndASlowRunWithBothRunsOverlaid() {
        UUID fast = runs.fast(team.id(), "checkout-fast");
        UUID slow = runs.slow(team.id(), "checkout-slow");

        browser.open(compareUrl(fast, slow));

        assertThat(browser.consoleErrors()).isEmpty();
        assertThat(browser.driver().findElement(By.id("verdict")).getText()).isEqualTo("regression");
        assertThat(browser.driver().findElement(By.cssSelector("tr[data-metric='p95_response_time_ms'] td.verdict"))
                .getText()).isEqualTo("regression");
        @SuppressWarnings("unchecked")
        List<String> latency = (List<String>) browser.js("return pageCharts.latency.series.map(s => s.label)");
        assertThat(latency).containsExactly("elapsed", "head p50", "head p95", "head p99", "base p95");
        assertThat(((Number) browser.js("return pageCharts.latency.data[4].filter(v => v !== null).length")).intValue())
                .as("the base run's p95 drawn under the head's").isGreaterThan(100);
        assertThat(((Number) browser.js("return pageCharts.throughput.data[3].filter(v => v !== null).length")).intValue())
                .as("the base run's requests/s").isGreaterThan(100);
        browser.screenshot("compare-regression");
    }

    @Test
    void theComparePageSaysNoChangeForTwoRunsOfTheSameSpeed() {
        UUID first = runs.fast(team.id(), "checkout");
        UUID rerun = runs.sameSpeed(team.id(), "checkout", 11);

        browser.open(compareUrl(first, rerun));

        assertThat(browser.consoleErrors()).isEmpty();
        assertThat(browser.driver().findElement(By.id("verdict")).getText()).isEqualTo("no_change");
        assertThat(browser.driver().findElements(By.cssSelector("#metric-table td.verdict")).stream()
                .map(cell -> cell.getText()).filter(text -> !text.equals("–"))).containsOnly("no_change");
        assertThat(browser.js("return Object.keys(pageCharts).sort()")).isEqualTo(List.of("latency", "throughput"));
        browser.screenshot("compare-no-change");
    }
}
