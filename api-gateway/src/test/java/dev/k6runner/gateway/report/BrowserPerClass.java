package dev.k6runner.gateway.report;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One headless Chromium for a test class, the browser tests' common setup: started before the class's first test
 * (skipping the class where Chromium is not installed), closed after its last.
 * {@code @RegisterExtension static final BrowserPerClass BROWSER = new BrowserPerClass();}
 */
public final class BrowserPerClass implements BeforeAllCallback, AfterAllCallback {

    private Browser browser;

    @Override
    public void beforeAll(ExtensionContext context) {
        browser = Browser.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.close();
        }
    }

    public Browser get() {
        return browser;
    }
}
