package dev.k6runner.gateway.ui;

import java.time.Duration;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseCookie;

/**
 * The cookie that carries a browser session: HttpOnly (no script reads it), SameSite=Strict (no other site's
 * page makes the browser send it), Secure when the page came over https, for the whole gateway (the run list
 * at /ui and the report and compare pages under /api).
 */
final class SessionCookie {

    static final String NAME = "k6runner_session";

    private SessionCookie() {
    }

    static String read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (NAME.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }

    static String set(String token, Duration ttl, HttpServletRequest request) {
        return cookie(token, ttl, request);
    }

    static String clear(HttpServletRequest request) {
        return cookie("", Duration.ZERO, request);
    }

    private static String cookie(String value, Duration maxAge, HttpServletRequest request) {
        return ResponseCookie.from(NAME, value).httpOnly(true).sameSite("Strict").secure(isHttps(request))
                .path("/").maxAge(maxAge).build().toString();
    }

    /** https to the gateway, or to the proxy in front of it. */
    private static boolean isHttps(HttpServletRequest request) {
        return request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    }
}
