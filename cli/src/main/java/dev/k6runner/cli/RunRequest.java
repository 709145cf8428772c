package dev.k6runner.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.node.ObjectNode;

/**
 * The body of {@code POST /api/v1/test/run}, built from {@code run}'s arguments. Only what the
 * user gave is sent, so the script's own options stay in force otherwise, exactly as with
 * {@code k6 run}.
 */
final class RunRequest {

    /** k6's duration notation: 30s, 5m, 1h30m, 500ms. */
    private static final Pattern DURATION = Pattern.compile("(\\d+(\\.\\d+)?(ms|s|m|h))+");

    private RunRequest() {
    }

    /** A {@code k6 archive} tar given instead of a script: uploaded as multipart, the overrides as its `request` part. */
    static boolean isArchive(Args args) throws UsageException {
        return args.single("script file").endsWith(".tar");
    }

    static ObjectNode build(Args args) throws UsageException {
        return build(args, isArchive(args));
    }

    /** @param overridesOnly the `request` part of an archive upload: everything but `script` and `files` */
    static ObjectNode build(Args args, boolean overridesOnly) throws UsageException {
        Path scriptPath = Path.of(args.single("script file"));
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (!overridesOnly) {
            String script = read(scriptPath);
            body.put("script", script);
            ProjectFolder.Bundle folder = ProjectFolder.of(scriptPath, script);
            folder.skipped().forEach(file -> System.err.println("k6runner: not sent: " + file));
            putMap(body, "files", folder.files());
        }
        body.put("name", args.value("name") != null ? args.value("name") : defaultName(scriptPath));
        Integer vus = args.intValue("vus", 1, 1_000_000);
        if (vus != null) {
            body.put("vus", vus);
        }
        String duration = args.value("duration");
        if (duration != null) {
            body.put("duration", checkedDuration("duration", duration));
        }
        Integer iterations = args.intValue("iterations", 1, Integer.MAX_VALUE);
        if (iterations != null) {
            body.put("iterations", iterations);
        }
        Integer runners = args.intValue("runners", 1, 64);
        if (runners != null) {
            body.put("runners", runners);
        }
        putMap(body, "env", args.pairs("env", '='));
        putMap(body, "tags", args.pairs("tag", '='));
        String timeout = args.value("timeout");
        if (timeout != null) {
            body.put("timeout", checkedDuration("timeout", timeout));
        }
        return body;
    }

    /** Whether the script imports or opens a local file, so that more than the script must be sent. */
    static boolean needsItsFolder(Args args) throws UsageException {
        return !isArchive(args) && ProjectFolder.refersToLocalFiles(read(Path.of(args.single("script file"))));
    }

    /** The file name without {@code .js}: runs of one script group together for trends and baselines. */
    static String defaultName(Path script) {
        String file = script.getFileName().toString();
        if (file.endsWith(".tar")) {
            return file.substring(0, file.length() - 4);
        }
        return file.endsWith(".js") ? file.substring(0, file.length() - 3) : file;
    }

    static String checkedDuration(String option, String value) throws UsageException {
        if (!DURATION.matcher(value.trim()).matches()) {
            throw new UsageException("--" + option + " must be a k6 duration such as 30s, 5m or 1h30m, got '" + value + "'");
        }
        return value.trim();
    }

    private static String read(Path script) throws UsageException {
        try {
            return Files.readString(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read script " + script + ": " + e.getMessage());
        }
    }

    private static void putMap(ObjectNode body, String field, Map<String, String> values) {
        if (values.isEmpty()) {
            return;
        }
        ObjectNode node = body.putObject(field);
        values.forEach(node::put);
    }
}
