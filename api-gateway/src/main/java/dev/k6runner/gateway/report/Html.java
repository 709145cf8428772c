package dev.k6runner.gateway.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small HTML tree whose every text and attribute value is escaped when written. Everything a run carries
 * (its name, tags, endpoint names, console output, k6's messages) is untrusted, so the only way to put
 * unescaped markup on a page is {@link #trusted}, which takes the project's own constant assets.
 * Element and attribute names must be plain lower-case words: they are code, never data.
 */
public final class Html {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private final String tag;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<Object> children = new ArrayList<>();

    private Html(String tag) {
        this.tag = tag;
    }

    /** An element; its name is code, checked to be a plain word. */
    public static Html el(String tag) {
        return new Html(checkedName(tag));
    }

    /** Children with no element around them. */
    public static Html fragment() {
        return new Html(null);
    }

    /** Markup written as it is: for the project's own constant CSS and JS only, never for a run's data. */
    public static Html trusted(String markup) {
        Html html = new Html(null);
        html.children.add(new Trusted(markup));
        return html;
    }

    /** Sets an attribute (again: the last value counts); a null value leaves it out. */
    public Html attr(String name, Object value) {
        if (value != null) {
            attributes.put(checkedName(name), String.valueOf(value));
        }
        return this;
    }

    /** A class attribute, for the common case. */
    public Html cls(String classes) {
        return attr("class", classes);
    }

    /** Escaped text; null adds nothing. */
    public Html text(Object value) {
        if (value != null) {
            children.add(String.valueOf(value));
        }
        return this;
    }

    /** Child elements; null ones are left out, so optional parts need no if. */
    public Html add(Html... elements) {
        for (Html element : elements) {
            if (element != null) {
                children.add(element);
            }
        }
        return this;
    }

    public Html addAll(List<Html> elements) {
        elements.forEach(this::add);
        return this;
    }

    public String render() {
        StringBuilder out = new StringBuilder(4096);
        write(out);
        return out.toString();
    }

    void write(StringBuilder out) {
        if (tag != null) {
            out.append('<').append(tag);
            attributes.forEach((name, value) -> out.append(' ').append(name).append("=\"").append(escape(value)).append('"'));
            out.append('>');
        }
        for (Object child : children) {
            switch (child) {
                case Html element -> element.write(out);
                case Trusted markup -> out.append(markup.markup());
                default -> out.append(escape((String) child));
            }
        }
        if (tag != null && !isVoid(tag)) {
            out.append("</").append(tag).append('>');
        }
    }

    /** Escapes text for an element's content or a quoted attribute value. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isVoid(String tag) {
        return switch (tag) {
            case "meta", "br", "hr", "input", "img", "link", "col" -> true;
            default -> false;
        };
    }

    private static String checkedName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an element or attribute name: " + name);
        }
        return name;
    }

    private record Trusted(String markup) {
    }
}
