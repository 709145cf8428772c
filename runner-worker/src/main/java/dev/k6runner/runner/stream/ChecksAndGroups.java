package dev.k6runner.runner.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.k6runner.model.CheckFold;

/**
 * Checks (the {@code checks} rate's samples by {@code group} and {@code check} tag) and the group
 * paths the stream named, capped so that a script naming checks by request id cannot grow the fold.
 */
final class ChecksAndGroups {

    static final int MAX_CHECKS = 500;
    static final int MAX_GROUPS = 500;

    private final Map<String, long[]> checks = new LinkedHashMap<>();
    private final TreeSet<String> groups = new TreeSet<>();
    private String lastGroup = "";
    boolean truncated;

    void check(String group, String name, boolean passed) {
        group(group);
        String key = group + "\u0000" + name;
        long[] counts = checks.get(key);
        if (counts == null) {
            if (checks.size() >= MAX_CHECKS) {
                truncated = true;
                return;
            }
            counts = new long[2];
            checks.put(key, counts);
        }
        counts[passed ? 0 : 1]++;
    }

    void group(String path) {
        if (path.isEmpty() || path.equals(lastGroup)) {
            return;
        }
        lastGroup = path;
        if (groups.size() < MAX_GROUPS) {
            groups.add(path);
        } else if (!groups.contains(path)) {
            truncated = true;
        }
    }

    List<CheckFold> checks() {
        List<CheckFold> out = new ArrayList<>(checks.size());
        checks.forEach((key, counts) -> {
            int cut = key.indexOf('\u0000');
            out.add(new CheckFold(key.substring(0, cut), key.substring(cut + 1), counts[0], counts[1]));
        });
        return out;
    }

    List<String> groups() {
        return List.copyOf(groups);
    }

    long retainedBytes() {
        return 64L * (checks.size() + groups.size());
    }
}
