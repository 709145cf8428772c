package dev.k6runner.gateway.ui;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.gateway.GatewayProperties.AuthMode;
import dev.k6runner.gateway.report.HtmlPage;
import dev.k6runner.gateway.teams.KeyLookup;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The browser's login with an API key (api-key mode): the key is checked as the API checks it and the browser
 * gets a signed session cookie instead, never the key. Login and logout are accepted only from this gateway's
 * own pages, so another site cannot log a browser into its team or out.
 */
@Hidden
@Controller
class LoginController {

    private final GatewayProperties properties;
    private final SessionTokens tokens;
    private final KeyLookup keys;
    private final LoginPage page;

    LoginController(GatewayProperties properties, SessionTokens tokens, KeyLookup keys, LoginPage page) {
        this.properties = properties;
        this.tokens = tokens;
        this.keys = keys;
        this.page = page;
    }

    @GetMapping(PageRequests.LOGIN)
    ResponseEntity<String> form(@RequestParam(name = "next", required = false) String next) {
        if (properties.auth().mode() == AuthMode.NONE) {
            return redirect(PageRequests.RUN_LIST).build();
        }
        return HtmlPage.response(page.render(PageRequests.safeNext(next), null));
    }

    @PostMapping(path = PageRequests.LOGIN)
    ResponseEntity<String> login(HttpServletRequest request, @RequestParam(name = "key", required = false) String key,
                                 @RequestParam(name = "next", required = false) String next) {
        String back = PageRequests.safeNext(next);
        if (!SameOrigin.of(request)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body("a login is accepted only from this gateway's login page");
        }
        if (properties.auth().mode() == AuthMode.NONE) {
            return redirect(back).build();
        }
        byte[] keyHash = key == null || key.isBlank() ? null : KeyLookup.hash(key);
        if (keyHash == null || !keys.isLive(keyHash)) {
            String html = page.render(back, "That key is unknown or revoked.");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).headers(HtmlPage.response(html).getHeaders()).body(html);
        }
        return redirect(back).header(HttpHeaders.SET_COOKIE, SessionCookie.set(tokens.issue(keyHash), tokens.ttl(), request))
                .build();
    }

    @PostMapping("/ui/logout")
    ResponseEntity<String> logout(HttpServletRequest request) {
        if (!SameOrigin.of(request)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body("a logout is accepted only from this gateway's pages");
        }
        return redirect(PageRequests.LOGIN).header(HttpHeaders.SET_COOKIE, SessionCookie.clear(request)).build();
    }

    private static ResponseEntity.BodyBuilder redirect(String to) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(to)).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
