package dev.k6runner.gateway.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpStatus;

import dev.k6runner.gateway.web.ApiProblem;

import dev.k6runner.gateway.intake.ScriptTokens.Kind;
import dev.k6runner.gateway.intake.ScriptTokens.Token;

/**
 * Finds the modules a script would load from http(s) URLs: {@code import … from 'https://…'},
 * {@code import 'https://…'}, {@code export … from 'https://…'}, {@code import('https://…')} and
 * {@code require('https://…')}. k6 fetches those itself with Go's default client, outside {@code --blacklist-ip}
 * (recording remote-import), so the gateway refuses them before a runner sees the script. A URL that the
 * script merely uses as data ({@code http.get('https://…')}) is not a module and is not reported.
 */
final class RemoteImports {

    /** A remote module specifier and the script line it is on (1-based). */
    record Found(String url, int line) {
    }

    /** How far past {@code import}/{@code export} the {@code from 'specifier'} may be (a long import list). */
    private static final int MAX_CLAUSE_TOKENS = 2_000;

    private RemoteImports() {
    }

    static List<Found> in(String script) {
        List<Token> tokens = ScriptTokens.of(script);
        List<Found> found = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.kind() != Kind.NAME || (i > 0 && tokens.get(i - 1).is(Kind.PUNCT, "."))) {
                continue;
            }
            Token specifier = switch (token.text()) {
                case "import" -> importSpecifier(tokens, i);
                case "export" -> fromSpecifier(tokens, i);
                case "require" -> callArgument(tokens, i);
                default -> null;
            };
            if (specifier != null && isRemote(specifier.text()) && found.stream().noneMatch(f -> f.line() == specifier.line()
                    && f.url().equals(specifier.text()))) {
                found.add(new Found(specifier.text(), specifier.line()));
            }
        }
        return found;
    }

    /** Refuses a script that imports a remote module: 422 {@code remote-module}, one error per import. */
    static void refuse(String script) {
        List<Found> found = in(script);
        if (found.isEmpty()) {
            return;
        }
        List<Map<String, String>> errors = found.stream().map(remote -> Map.of("pointer", "#/script", "detail",
                "line " + remote.line() + " imports the remote module " + remote.url())).toList();
        Found first = found.getFirst();
        String detail = "the script imports " + first.url() + " (line " + first.line() + ")"
                + (found.size() > 1 ? " and " + (found.size() - 1) + " more remote module(s)" : "")
                + ". Remote modules are not fetched by the runners (k6 would load them past the egress policy): vendor "
                + "the module, i.e. download it and bundle it with your script into a k6 archive (k6 archive script.js), "
                + "or until archives can be submitted, copy what you use from it into the script.";
        throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "remote-module", "Remote module import", detail, errors, Map.of());
    }

    static boolean isRemote(String specifier) {
        String lower = specifier.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    private static Token importSpecifier(List<Token> tokens, int at) {
        Token next = at + 1 < tokens.size() ? tokens.get(at + 1) : null;
        if (next == null || next.is(Kind.PUNCT, ".")) {
            return null; // import.meta
        }
        if (next.kind() == Kind.STRING) {
            return next; // import 'module'
        }
        if (next.is(Kind.PUNCT, "(")) {
            return callArgument(tokens, at); // import('module')
        }
        return fromSpecifier(tokens, at);
    }

    /** {@code name('literal'…)}: the literal, else null. */
    private static Token callArgument(List<Token> tokens, int at) {
        if (at + 2 < tokens.size() && tokens.get(at + 1).is(Kind.PUNCT, "(") && tokens.get(at + 2).kind() == Kind.STRING) {
            return tokens.get(at + 2);
        }
        return null;
    }

    /** The string after the clause's {@code from}; the clause ends at ';' or at the next import/export. */
    private static Token fromSpecifier(List<Token> tokens, int at) {
        int end = Math.min(tokens.size() - 1, at + MAX_CLAUSE_TOKENS);
        for (int i = at + 1; i < end; i++) {
            Token token = tokens.get(i);
            if (token.is(Kind.PUNCT, ";") || token.is(Kind.NAME, "import") || token.is(Kind.NAME, "export")
                    || token.is(Kind.PUNCT, "(") || token.is(Kind.PUNCT, "=")) {
                return null;
            }
            if (token.is(Kind.NAME, "from") && tokens.get(i + 1).kind() == Kind.STRING) {
                return tokens.get(i + 1);
            }
        }
        return null;
    }
}
