package dev.k6runner.analyzer.merge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.k6runner.model.CheckFold;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The summary export's {@code root_group}: groups nested by path ({@code ::a::b}), each with its
 * checks, ids as k6 makes them (the MD5 of the path). Built from the merged stream's checks and groups,
 * or, for segments whose runner folded no checks, by adding up their own exports' trees.
 */
final class RootGroup {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RootGroup() {
    }

    static ObjectNode fromStream(List<String> groups, List<CheckFold> checks) {
        ObjectNode root = group("", "");
        groups.forEach(path -> at(root, path));
        for (CheckFold check : checks) {
            String path = check.group() + "::" + check.name();
            ObjectNode node = NODES.objectNode();
            node.put("name", check.name());
            node.put("path", path);
            node.put("id", md5(path));
            node.put("passes", check.passes());
            node.put("fails", check.fails());
            ((ObjectNode) at(root, check.group()).get("checks")).set(check.name(), node);
        }
        return root;
    }

    /** Adds {@code from}'s checks and groups into {@code into} (both export root_groups). */
    static void add(ObjectNode into, JsonNode from) {
        for (Map.Entry<String, JsonNode> check : from.path("checks").properties()) {
            ObjectNode checks = (ObjectNode) into.get("checks");
            JsonNode existing = checks.get(check.getKey());
            if (existing == null) {
                checks.set(check.getKey(), check.getValue().deepCopy());
            } else {
                ((ObjectNode) existing).put("passes", existing.path("passes").asLong() + check.getValue().path("passes").asLong());
                ((ObjectNode) existing).put("fails", existing.path("fails").asLong() + check.getValue().path("fails").asLong());
            }
        }
        for (Map.Entry<String, JsonNode> child : from.path("groups").properties()) {
            ObjectNode groups = (ObjectNode) into.get("groups");
            JsonNode existing = groups.get(child.getKey());
            if (existing == null) {
                ObjectNode copy = group(child.getValue().path("name").asString(child.getKey()),
                        child.getValue().path("path").asString(""));
                groups.set(child.getKey(), copy);
                existing = copy;
            }
            add((ObjectNode) existing, child.getValue());
        }
    }

    static ObjectNode empty() {
        return group("", "");
    }

    private static ObjectNode at(ObjectNode root, String path) {
        ObjectNode node = root;
        String prefix = "";
        for (String name : path.split("::")) {
            if (name.isEmpty()) {
                continue;
            }
            prefix = prefix + "::" + name;
            ObjectNode groups = (ObjectNode) node.get("groups");
            JsonNode child = groups.get(name);
            if (child == null) {
                child = group(name, prefix);
                groups.set(name, child);
            }
            node = (ObjectNode) child;
        }
        return node;
    }

    private static ObjectNode group(String name, String path) {
        ObjectNode node = NODES.objectNode();
        node.put("name", name);
        node.put("path", path);
        node.put("id", md5(path));
        node.set("groups", NODES.objectNode());
        node.set("checks", NODES.objectNode());
        return node;
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
