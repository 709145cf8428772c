package dev.k6runner.gateway.ui;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.gateway.GatewayProperties.AuthMode;
import dev.k6runner.gateway.teams.KeyLookup;

/**
 * In {@code api-key} mode, lets a browser read the pages with its login: for a page request (see
 * {@link PageRequests}) without an {@code Authorization} header, a valid session cookie hands its key's hash to
 * the API's caller filter, which runs next; no valid session sends a browser (it asks for HTML) to the login
 * page, and lets any other client get the API's 401. Anything else passes untouched, so the API's own checks
 * answer it.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class UiSessionFilter extends OncePerRequestFilter {

    private final GatewayProperties properties;
    private final SessionTokens tokens;
    private final KeyLookup keys;

    UiSessionFilter(GatewayProperties properties, SessionTokens tokens, KeyLookup keys) {
        this.properties = properties;
        this.tokens = tokens;
        this.keys = keys;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return properties.auth().mode() == AuthMode.NONE || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                || !PageRequests.isPage(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String cookie = SessionCookie.read(request);
        Optional<byte[]> keyHash = tokens.verify(cookie).filter(keys::isLive);
        if (keyHash.isPresent()) {
            request.setAttribute(KeyLookup.SESSION_KEY_HASH, keyHash.get());
            chain.doFilter(request, response);
            return;
        }
        if (cookie != null) {
            response.addHeader(HttpHeaders.SET_COOKIE, SessionCookie.clear(request));
        }
        if (!PageRequests.wantsHtml(request)) {
            chain.doFilter(request, response); // a client of the API (curl, the CLI): the API's 401
            return;
        }
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader(HttpHeaders.LOCATION, PageRequests.loginFor(request));
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
