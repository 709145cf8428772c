package dev.k6runner.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

import dev.k6runner.gateway.GatewayIntegrationTest;
import dev.k6runner.gateway.report.Browser;
import dev.k6runner.gateway.report.BrowserPerClass;

/**
 * The run list in headless Chromium, in api-key mode, as a person uses it: sent to the login, logs in with the
 * team's key, filters, opens a report, picks two runs and compares them. No API key header: only the session.
 */
class RunListBrowserTest extends GatewayIntegrationTest {

    @RegisterExtension
    static final BrowserPerClass BROWSER = new BrowserPerClass();

    private Browser browser;

    private Team team;
    private ListedRuns.Seeded runs;

    @BeforeEach
    void teamAndRuns() {
        browser = BROWSER.get();
        team = newTeam(20);
        runs = new ListedRuns(jdbc).seed(team.id());
        browser.driver().manage().deleteAllCookies();
        browser.consoleErrors();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void logIn() {
        browser.open(url("/ui"));
        assertThat(browser.driver().getCurrentUrl()).contains("/ui/login?next=%2Fui");
        browser.driver().findElement(By.id("key")).sendKeys(team.key());
        clickAndAwaitTheNextPage(By.cssSelector("#login button"));
    }

    private List<String> listedNames() {
        return browser.driver().findElements(By.cssSelector("#runs td.name a")).stream().map(WebElement::getText).toList();
    }

    @Test
    void theLoginLeadsToTheTeamsRunsWithStatusVerdictAndSeverity() {
        browser.open(url("/ui"));
        browser.screenshot("ui-login");
        logIn();

        assertThat(browser.driver().getCurrentUrl()).isEqualTo(url("/ui"));
        assertThat(browser.consoleErrors()).isEmpty();
        assertThat(listedNames()).containsExactly("soak", "broken-script", "checkout", "checkout");
        assertThat(row(runs.degrading().toString(), "span.verdict")).isEqualTo("fail: high anomalies");
        assertThat(row(runs.degrading().toString(), "span.severity")).isEqualTo("high");
        assertThat(row(runs.baseline().toString(), "span.verdict")).isEqualTo("warn: 1 anomaly");
        assertThat(row(runs.failed().toString(), "span.status")).isEqualTo("failed");
        assertThat(row(runs.live().toString(), "span.verdict")).isEqualTo("in progress");
        assertThat(browser.js("return document.cookie")).as("the session is not readable by scripts").isEqualTo("");
        browser.screenshot("ui-run-list");

        clickAndAwaitTheNextPage(By.cssSelector("#logout button"));
        assertThat(browser.driver().getCurrentUrl()).contains("/ui/login");
        browser.open(url("/ui"));
        assertThat(browser.driver().getCurrentUrl()).as("logged out").contains("/ui/login");
    }

    @Test
    void filtersNarrowTheListAndMoreWalksOn() {
        logIn();

        browser.driver().findElement(By.cssSelector("input[name=status][value=failed]")).click();
        clickAndAwaitTheNextPage(By.id("apply"));
        assertThat(listedNames()).containsExactly("broken-script");
        assertThat(browser.driver().findElement(By.cssSelector("input[name=status][value=failed]")).isSelected()).isTrue();

        browser.open(url("/ui?name=checkout&anomalies_only=true"));
        assertThat(listedNames()).containsExactly("checkout", "checkout");
        browser.screenshot("ui-run-list-filtered");

        browser.open(url("/ui?limit=3"));
        assertThat(listedNames()).hasSize(3);
        clickAndAwaitTheNextPage(By.id("more"));
        assertThat(listedNames()).containsExactly("checkout");
        assertThat(browser.driver().findElements(By.id("end"))).hasSize(1);

        browser.open(url("/ui?min_error_rate=lots"));
        assertThat(browser.driver().findElement(By.id("filter-error")).getText()).contains("min_error_rate");
        assertThat(browser.consoleErrors()).as("only the refused filter's 400").allMatch(error -> error.contains("400"));
    }

    @Test
    void aRunsLinkOpensItsReportAndTwoPickedRunsOpenTheComparePage() {
        logIn();

        clickAndAwaitTheNextPage(By.cssSelector("tr[data-test-id='" + runs.degrading() + "'] td.name a"));
        assertThat(browser.driver().getCurrentUrl()).endsWith("/api/v1/test/results/" + runs.degrading() + "/report");
        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).contains("checkout");
        assertThat(browser.consoleErrors()).isEmpty();

        browser.open(url("/ui"));
        browser.driver().findElement(By.cssSelector("tr[data-test-id='" + runs.baseline() + "'] input[name=base]")).click();
        browser.driver().findElement(By.cssSelector("tr[data-test-id='" + runs.degrading() + "'] input[name=head]")).click();
        browser.screenshot("ui-run-list-compare-pick");
        clickAndAwaitTheNextPage(By.id("compare-button"));

        assertThat(browser.driver().getCurrentUrl()).contains("/api/v1/test/compare?")
                .contains("base=" + runs.baseline()).contains("head=" + runs.degrading());
        assertThat(browser.driver().findElement(By.id("verdict")).getText()).isEqualTo("regression");
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot("ui-compare-from-list");
    }

    /**
     * Clicks what leads to another page (the list has forms and links only) and waits until that page replaced this
     * one: reading the list right after a click could read the old page, or none while the new one loads.
     */
    private void clickAndAwaitTheNextPage(By target) {
        WebElement page = browser.driver().findElement(By.tagName("html"));
        browser.driver().findElement(target).click();
        await().atMost(Duration.ofSeconds(15)).until(() -> isGone(page)
                && "complete".equals(browser.js("return document.readyState")));
    }

    private static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException gone) {
            return true;
        }
    }

    private String row(String testId, String css) {
        return browser.driver().findElement(By.cssSelector("tr[data-test-id='" + testId + "'] " + css)).getText();
    }
}
