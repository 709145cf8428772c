package dev.k6runner.deploychecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The property names a module's {@code @ConfigurationProperties} records bind, read from their
 * sources: {@code @ConfigurationProperties("k6runner.gateway") record GatewayProperties(Auth auth, …)}
 * with {@code record Auth(AuthMode mode, …)} gives {@code k6runner.gateway.auth.mode}. A Map component
 * gives a name ending in {@code .*}: any key below it binds. A component annotated {@code @Name("key")} binds
 * from that key.
 */
final class PropertyRecords {

    private static final Pattern ANNOTATION = Pattern.compile(
            "@ConfigurationProperties\\(\\s*(?:(?:prefix|value)\\s*=\\s*)?\"([^\"]+)\"");
    private static final Pattern RECORD = Pattern.compile("record\\s+(\\w+)\\s*\\(");
    private static final Pattern NAME = Pattern.compile("@Name\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern TYPE_ANNOTATION = Pattern.compile("@[\\w.]+(\\s*\\((?:[^()]|\\([^()]*\\))*\\))?");

    private PropertyRecords() {
    }

    static Set<String> propertyNames(String module) {
        Set<String> names = new TreeSet<>();
        Path sources = Repo.path(module + "/src/main/java");
        if (!Files.isDirectory(sources)) {
            return names;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher annotation = ANNOTATION.matcher(text);
                if (annotation.find()) {
                    Matcher record = RECORD.matcher(text);
                    if (record.find(annotation.end())) {
                        collect(annotation.group(1), components(text, record.end()), text, names, 0);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static void collect(String prefix, List<String[]> components, String text, Set<String> names, int depth) {
        for (String[] component : components) {
            String type = component[0];
            String path = prefix + "." + kebab(component[1]);
            names.add(path);
            if (type.startsWith("Map<") || type.startsWith("java.util.Map<")) {
                names.add(path + ".*");
                continue;
            }
            String simpleType = type.replaceAll("<.*", "").replaceAll("\\[]", "").replaceAll(".*\\.", "");
            Matcher nested = Pattern.compile("record\\s+" + Pattern.quote(simpleType) + "\\s*\\(").matcher(text);
            if (depth < 5 && nested.find()) {
                collect(path, components(text, nested.end()), text, names, depth + 1);
            }
        }
    }

    /** The {type, name} pairs between the record's parentheses, which start just before {@code from}. */
    private static List<String[]> components(String text, int from) {
        int depth = 1;
        int angle = 0;
        int start = from;
        List<String[]> components = new ArrayList<>();
        for (int i = from; i < text.length() && depth > 0; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '(' -> depth++;
                case ')' -> depth--;
                case '<' -> angle++;
                case '>' -> angle--;
                default -> { }
            }
            if ((c == ',' && depth == 1 && angle == 0) || depth == 0) {
                component(text.substring(start, i)).ifPresent(components::add);
                start = i + 1;
            }
        }
        return components;
    }

    private static java.util.Optional<String[]> component(String declaration) {
        String plain = TYPE_ANNOTATION.matcher(declaration.replaceAll("//.*|/\\*(?s:.*?)\\*/", " ")).replaceAll(" ").trim();
        if (plain.isEmpty()) {
            return java.util.Optional.empty();
        }
        int lastSpace = plain.lastIndexOf(' ');
        if (lastSpace < 0) {
            return java.util.Optional.empty();
        }
        // @Name("relay") binds the component from that key instead of its own name.
        Matcher renamed = NAME.matcher(declaration);
        String name = renamed.find() ? renamed.group(1) : plain.substring(lastSpace + 1).trim();
        return java.util.Optional.of(new String[] {plain.substring(0, lastSpace).trim(), name});
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
