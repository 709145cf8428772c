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

    /** Recently hit checks by their raw tag bytes: a hit costs two byte compares and no String. */
    private static final int RECENT = 16;

    private final Map<String, long[]> checks = new LinkedHashMap<>();
    private final TreeSet<String> groups = new TreeSet<>();
    private final byte[][] recentGroup = new byte[RECENT][];
    private final byte[][] recentCheck = new byte[RECENT][];
    private final long[][] recentCounts = new long[RECENT][];
    private int recentNext;
    private byte[] lastGroupRaw = new byte[0];
    boolean truncated;

    /** A sample of the {@code checks} rate; points without a check tag are not a check's. */
    void check(PointTags tags, boolean passed) {
        int checkTag = tags.checkTag();
        if (checkTag < 0) {
            return;
        }
        int groupTag = tags.groupTag();
        for (int i = 0; i < RECENT && recentCounts[i] != null; i++) {
            if (tags.rawEquals(checkTag, recentCheck[i]) && tags.rawEquals(groupTag, recentGroup[i])) {
                recentCounts[i][passed ? 0 : 1]++;
                return;
            }
        }
        long[] counts = counts(tags.decoded(groupTag), tags.decoded(checkTag));
        if (counts != null) {
            counts[passed ? 0 : 1]++;
            int slot = recentNext++ % RECENT;
            recentGroup[slot] = tags.raw(groupTag);
            recentCheck[slot] = tags.raw(checkTag);
            recentCounts[slot] = counts;
        }
    }

    /** The group of a point that names one; the same group as the last costs one byte compare. */
    void group(PointTags tags) {
        int groupTag = tags.groupTag();
        if (tags.rawEquals(groupTag, lastGroupRaw)) {
            return;
        }
        lastGroupRaw = tags.raw(groupTag);
        group(tags.decoded(groupTag));
    }

    private long[] counts(String group, String name) {
        group(group);
        String key = group + "\u0000" + name;
        long[] counts = checks.get(key);
        if (counts == null) {
            if (checks.size() >= MAX_CHECKS) {
                truncated = true;
                return null;
            }
            counts = new long[2];
            checks.put(key, counts);
        }
        return counts;
    }

    private void group(String path) {
        if (path.isEmpty()) {
            return;
        }
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
