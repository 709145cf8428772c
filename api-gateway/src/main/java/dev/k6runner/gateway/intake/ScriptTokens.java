package dev.k6runner.gateway.intake;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Splits JavaScript into the few token kinds that finding module specifiers needs: names, string literals and
 * punctuation. Comments, regular expressions and template literals with substitutions are skipped, so a URL in a
 * comment or a regex is not mistaken for code; a template's {@code ${…}} parts are read as code.
 */
final class ScriptTokens {

    enum Kind { NAME, STRING, PUNCT, OTHER }

    /** @param text a name, a string literal's value (escapes resolved), or one punctuation character */
    record Token(Kind kind, String text, int line) {
        boolean is(Kind k, String t) {
            return kind == k && text.equals(t);
        }
    }

    /** After these names a '/' starts a regular expression, not a division. */
    private static final Set<String> BEFORE_REGEX = Set.of("return", "typeof", "instanceof", "in", "of", "new",
            "delete", "void", "throw", "case", "do", "else", "yield", "await");

    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    /** Brace depth at each open template substitution, innermost last. */
    private final Deque<Integer> templates = new ArrayDeque<>();
    private int pos;
    private int line = 1;
    private int braces;

    private ScriptTokens(String src) {
        this.src = src;
    }

    static List<Token> of(String script) {
        ScriptTokens lexer = new ScriptTokens(script);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        if (src.startsWith("#!")) {
            skipToLineEnd();
        }
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (src.startsWith("//", pos)) {
                skipToLineEnd();
            } else if (src.startsWith("/*", pos)) {
                skipBlockComment();
            } else if (c == '\'' || c == '"') {
                quoted(c);
            } else if (c == '`') {
                pos++;
                template(Kind.STRING);
            } else if (c == '/' && regexMayStart()) {
                regexOrDivision();
            } else if (Character.isJavaIdentifierStart(c)) {
                word(Kind.NAME);
            } else if (Character.isDigit(c)) {
                word(Kind.OTHER);
            } else {
                punct(c);
            }
        }
    }

    private void punct(char c) {
        pos++;
        if (c == '{') {
            braces++;
        } else if (c == '}') {
            if (!templates.isEmpty() && templates.peekLast() == braces) {
                templates.removeLast();
                template(Kind.OTHER);
                return;
            }
            braces--;
        }
        tokens.add(new Token(Kind.PUNCT, String.valueOf(c), line));
    }

    private void word(Kind kind) {
        int start = pos;
        while (pos < src.length() && (Character.isJavaIdentifierPart(src.charAt(pos)) || (kind == Kind.OTHER && src.charAt(pos) == '.'))) {
            pos++;
        }
        tokens.add(new Token(kind, src.substring(start, pos), line));
    }

    private void quoted(char quote) {
        int startLine = line;
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < src.length() && src.charAt(pos) != quote && src.charAt(pos) != '\n') {
            pos = appendChar(value);
        }
        pos++;
        tokens.add(new Token(Kind.STRING, value.toString(), startLine));
    }

    /**
     * Reads template text up to its end or to a {@code ${}, whose code the main loop then reads. Only a template
     * without substitutions is a plain string ({@code kind} STRING); the rest of one after a substitution is not.
     */
    private void template(Kind kind) {
        int startLine = line;
        StringBuilder value = new StringBuilder();
        while (pos < src.length() && src.charAt(pos) != '`') {
            if (src.startsWith("${", pos)) {
                pos += 2;
                templates.addLast(braces);
                tokens.add(new Token(Kind.OTHER, "`", startLine));
                return;
            }
            pos = appendChar(value);
        }
        pos++;
        tokens.add(new Token(kind, value.toString(), startLine));
    }

    /** Appends the character at {@code pos} (an escape resolved to the escaped character); returns the next position. */
    private int appendChar(StringBuilder value) {
        char c = src.charAt(pos);
        if (c == '\n') {
            line++;
        }
        if (c == '\\' && pos + 1 < src.length()) {
            if (src.charAt(pos + 1) == '\n') {
                line++;
            }
            value.append(src.charAt(pos + 1));
            return pos + 2;
        }
        value.append(c);
        return pos + 1;
    }

    private boolean regexMayStart() {
        if (tokens.isEmpty()) {
            return true;
        }
        Token previous = tokens.getLast();
        return switch (previous.kind()) {
            case NAME -> BEFORE_REGEX.contains(previous.text());
            case PUNCT -> !")]}".contains(previous.text());
            default -> false;
        };
    }

    /** A regular expression ends on its line; if none does, the '/' was a division after all. */
    private void regexOrDivision() {
        int end = pos + 1;
        boolean inClass = false;
        while (end < src.length() && src.charAt(end) != '\n') {
            char c = src.charAt(end);
            if (c == '\\') {
                end++;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '/' && !inClass) {
                tokens.add(new Token(Kind.OTHER, "/regex/", line));
                pos = end + 1;
                return;
            }
            end++;
        }
        punct('/');
    }

    private void skipToLineEnd() {
        while (pos < src.length() && src.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void skipBlockComment() {
        int end = src.indexOf("*/", pos + 2);
        int stop = end < 0 ? src.length() : end + 2;
        for (int i = pos; i < stop; i++) {
            if (src.charAt(i) == '\n') {
                line++;
            }
        }
        pos = stop;
    }
}
