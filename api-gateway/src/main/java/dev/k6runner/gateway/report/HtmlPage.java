package dev.k6runner.gateway.report;

import java.nio.charset.StandardCharsets;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The shell of every page the gateway serves to people: one self-contained HTML document with the inlined
 * assets, the page's data as inert JSON, and a Content-Security-Policy that lets only the project's own two
 * scripts run and no request leave the page.
 */
@Component
public final class HtmlPage {

    private final PageAssets assets;

    HtmlPage(PageAssets assets) {
        this.assets = assets;
    }

    /**
     * @param title    the page's title (escaped)
     * @param body     what goes into {@code <body>}
     * @param dataJson the page's data for its script, already JSON; written inert, read by {@code page.js}
     * @param head     extra elements of {@code <head>} (e.g. a refresh); may be null
     */
    public String render(String title, Html body, String dataJson, Html head) {
        return render(title, body, dataJson, head, false, true);
    }

    /**
     * @param formsToSelf true for a page whose forms go to this gateway (the run list's filters, the login);
     *                    otherwise no form may be sent anywhere
     * @param charts      false for a page that draws no chart: uPlot (about 49 KB) is then left out
     */
    public String render(String title, Html body, String dataJson, Html head, boolean formsToSelf, boolean charts) {
        String policy = "default-src 'none'; script-src " + assets.scriptSources()
                + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action " + (formsToSelf ? "'self'" : "'none'");
        Html page = Html.el("html").attr("lang", "en").add(
                Html.el("head").add(
                        Html.el("meta").attr("charset", "utf-8"),
                        Html.el("meta").attr("http-equiv", "Content-Security-Policy").attr("content", policy),
                        Html.el("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1"),
                        Html.el("title").text(title),
                        Html.el("style").add(Html.trusted(assets.css())),
                        head),
                Html.el("body").add(body,
                        Html.el("script").attr("type", "application/json").attr("id", "page-data")
                                .add(Html.trusted(inertJson(dataJson))),
                        charts ? Html.el("script").add(Html.trusted(assets.chartLibrary())) : null,
                        Html.el("script").add(Html.trusted(assets.pageScript()))));
        return "<!DOCTYPE html>\n" + page.render();
    }

    /** A rendered page as the API answers it: UTF-8 HTML, never cached (a live run's page changes). */
    public static ResponseEntity<String> response(String html) {
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore()).body(html);
    }

    /**
     * JSON inside a script element: {@code <}, {@code >} and {@code &} become unicode escapes, so that no string of
     * the run can close the element ({@code </script>}) or open a comment; the JSON parser reads them back as
     * they were. U+2028/9 too, for older parsers.
     */
    static String inertJson(String json) {
        StringBuilder out = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
