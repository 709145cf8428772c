package dev.k6runner.gateway.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

/**
 * Which requests a browser session may authorise, and where a login may send the browser back to. A session
 * is a cookie the browser sends along with any request to the gateway, so it counts only for reading a page:
 * a GET of the run list, a report, or the compare page as HTML. Every other call needs the API key itself.
 */
final class PageRequests {

    static final String RUN_LIST = "/ui";
    static final String LOGIN = "/ui/login";
    private static final String COMPARE = "/api/v1/test/compare";
    private static final Pattern REPORT = Pattern.compile("/api/v1/test/results/[0-9a-fA-F-]{1,64}/report");
    /** One of this gateway's pages, with a plain query: no scheme, no host, no {@code //}, no backslash. */
    private static final Pattern LOCAL_PAGE = Pattern.compile(
            "(/ui|/api/v1/test/results/[0-9a-fA-F-]{1,64}/report|/api/v1/test/compare)(\\?[A-Za-z0-9/._~%&=:+-]*)?");

    private PageRequests() {
    }

    static boolean isPage(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return false;
        }
        String path = request.getRequestURI();
        if (RUN_LIST.equals(path) || REPORT.matcher(path).matches()) {
            return true;
        }
        return COMPARE.equals(path) && wantsHtml(request);
    }

    /** A browser's navigation asks for HTML; the API's clients (curl: {@code *}{@code /*}, the CLI) do not. */
    static boolean wantsHtml(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    /** Where the login page sends the browser back to once logged in: this page. */
    static String loginFor(HttpServletRequest request) {
        String query = request.getQueryString();
        String back = request.getRequestURI() + (query == null ? "" : "?" + query);
        return LOGIN + "?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8);
    }

    /** {@code next} when it is one of this gateway's pages; the run list otherwise, so no login sends anyone away. */
    static String safeNext(String next) {
        return next != null && next.length() <= 2000 && LOCAL_PAGE.matcher(next).matches() && !next.contains("//")
                ? next : RUN_LIST;
    }
}
