package dev.k6runner.gateway.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.springframework.stereotype.Component;
import org.webjars.WebJarVersionLocator;

/**
 * The CSS and JS every page inlines, read once at start: uPlot's dist files from its webjar (the npm package
 * as Maven Central serves it) and the project's own page code beside this class. Inlined, so that a page
 * is one file that works offline, saved or attached to a CI job.
 */
@Component
public final class PageAssets {

    private final String css;
    private final String chartLibrary;
    private final String pageScript;
    private final String scriptSources;

    PageAssets() {
        String dist = "META-INF/resources/webjars/uplot/" + new WebJarVersionLocator().version("uplot") + "/dist/";
        this.css = read(dist + "uPlot.min.css") + "\n" + read("dev/k6runner/gateway/report/page.css");
        this.chartLibrary = read(dist + "uPlot.iife.min.js");
        this.pageScript = read("dev/k6runner/gateway/report/page.js");
        this.scriptSources = "'" + sha256(chartLibrary) + "' '" + sha256(pageScript) + "'";
    }

    /** uPlot's stylesheet and the pages' own. */
    public String css() {
        return css;
    }

    /** uPlot itself (defines {@code uPlot}). */
    public String chartLibrary() {
        return chartLibrary;
    }

    /** The pages' script: charts from the page's JSON data, sortable tables, live refresh. */
    public String pageScript() {
        return pageScript;
    }

    /**
     * The hashes of the two inline scripts, for the page's Content-Security-Policy: no other script runs, so
     * markup that slipped past escaping still could not execute, and no request leaves the page.
     */
    public String scriptSources() {
        return scriptSources;
    }

    private static String read(String resource) {
        try (InputStream in = PageAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing page asset on the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String script) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
