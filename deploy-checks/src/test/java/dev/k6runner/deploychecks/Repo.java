package dev.k6runner.deploychecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The repository's files, found from the working directory up to the folder holding {@code mvnw}. */
final class Repo {

    static final Path ROOT = findRoot();

    private Repo() {
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("deploy-checks"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (a folder with mvnw) above " + Path.of("").toAbsolutePath());
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of a file (a manifest may hold several, separated by ---). */
    static List<Map<String, Object>> yamlDocuments(String relative) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(options).loadAll(read(relative))) {
            if (document != null) {
                documents.add(Yamls.map(document));
            }
        }
        return documents;
    }

    static Map<String, Object> yaml(String relative) {
        List<Map<String, Object>> documents = yamlDocuments(relative);
        if (documents.size() != 1) {
            throw new IllegalStateException(relative + " holds " + documents.size() + " YAML documents, expected one");
        }
        return documents.getFirst();
    }

    static JsonNode json(String relative) {
        return JsonMapper.builder().build().readTree(read(relative));
    }

    /** The version of the root pom, the tag every image carries. */
    static String projectVersion() {
        Matcher matcher = Pattern.compile("</parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(read("pom.xml"));
        if (!matcher.find()) {
            throw new IllegalStateException("no project version in pom.xml");
        }
        return matcher.group(1).trim();
    }

    static List<String> filesUnder(String relative, String suffix) {
        try (var files = Files.walk(path(relative))) {
            return files.filter(Files::isRegularFile)
                    .map(file -> ROOT.relativize(file).toString().replace('\\', '/'))
                    .filter(name -> name.endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
