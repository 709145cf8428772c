package dev.k6runner.gateway.ui;

import org.springframework.stereotype.Component;

import dev.k6runner.gateway.report.Html;
import dev.k6runner.gateway.report.HtmlPage;

/** The login form: one API key field; the key goes to this gateway only (the page's policy allows no other). */
@Component
class LoginPage {

    private final HtmlPage page;

    LoginPage(HtmlPage page) {
        this.page = page;
    }

    /** @param error what went wrong with the last try, or null */
    String render(String next, String error) {
        Html form = Html.el("form").attr("method", "post").attr("action", PageRequests.LOGIN).attr("id", "login").add(
                Html.el("input").attr("type", "hidden").attr("name", "next").attr("value", next),
                Html.el("label").attr("for", "key").text("API key"),
                Html.el("input").attr("type", "password").attr("name", "key").attr("id", "key")
                        .attr("autocomplete", "current-password").attr("required", "required").attr("size", "60"),
                Html.el("button").attr("type", "submit").text("Log in"));
        Html main = Html.el("main").add(
                Html.el("h1").text("k6-runner: log in"),
                Html.el("p").text("This gateway needs your team's API key (the one you send as 'Authorization: Bearer'). "
                        + "The browser keeps a signed session for it, not the key."),
                error == null ? null : Html.el("p").cls("bad").attr("id", "login-error").text(error),
                Html.el("div").cls("card").add(form),
                // a link from another site arrives without the SameSite=Strict cookie; a click here sends it
                Html.el("p").cls("note").add(Html.el("a").attr("id", "continue").attr("href", next)
                        .text("Already logged in in this browser? Continue")));
        return page.render("Log in · k6-runner", main, "{}", null, true, false);
    }
}
