package dev.k6runner.runner.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import dev.k6runner.model.EndpointStats;

/**
 * Endpoints keyed by their unescaped tag bytes {@code method 0xFF name 0xFF status} (0xFF never
 * occurs in UTF-8) in an open-addressing table, so a hit costs a copy and a compare, no String.
 * At most {@code maxEndpoints} keys are kept; every other key folds into one "(other)" entry.
 */
final class Endpoints {

    static final String OTHER = "(other)";
    /** A key longer than this (a tag value of kilobytes) is folded into "(other)". */
    private static final int MAX_KEY_BYTES = 4096;
    private static final byte SEPARATOR = (byte) 0xFF;

    private final int maxEndpoints;
    private final byte[][] keys;
    private final int[] hashes;
    private final EndpointAccumulator[] values;
    private final byte[] scratch = new byte[MAX_KEY_BYTES];
    private final EndpointAccumulator other = new EndpointAccumulator("*", OTHER, "*");
    private int size;
    private boolean overflowed;

    Endpoints(int maxEndpoints) {
        this.maxEndpoints = maxEndpoints;
        int capacity = Integer.highestOneBit(Math.max(4, maxEndpoints * 2 - 1)) << 1;
        keys = new byte[capacity][];
        hashes = new int[capacity];
        values = new EndpointAccumulator[capacity];
    }

    EndpointAccumulator lookup(TagSlice method, TagSlice name, TagSlice status) {
        int length = keyBytes(method, name, status);
        if (length == JsonBytes.BAD) {
            overflowed = true;
            return other;
        }
        int hash = hash(length);
        int mask = keys.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            byte[] key = keys[slot];
            if (key == null) {
                if (size < maxEndpoints) {
                    return insert(slot, hash, length);
                }
                overflowed = true;
                return other;
            }
            if (hashes[slot] == hash && Arrays.equals(key, 0, key.length, scratch, 0, length)) {
                return values[slot];
            }
        }
    }

    int size() {
        return size;
    }

    long retainedBytes() {
        long sum = other.retainedBytes() + scratch.length + keys.length * 16L;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                sum += keys[i].length + values[i].retainedBytes();
            }
        }
        return sum;
    }

    /** Busiest first; "(other)" last when anything overflowed. */
    List<EndpointStats> stats() {
        return ordered().stream().map(EndpointAccumulator::toStats).toList();
    }

    /** http_req_duration of each endpoint, in the order of {@link #stats()}. */
    List<String> histograms() {
        return ordered().stream().map(EndpointAccumulator::histogram).toList();
    }

    private List<EndpointAccumulator> ordered() {
        List<EndpointAccumulator> all = new ArrayList<>(size + 1);
        for (EndpointAccumulator value : values) {
            if (value != null) {
                all.add(value);
            }
        }
        all.sort(Comparator.comparingLong(EndpointAccumulator::requests).reversed()
                .thenComparing(a -> a.name).thenComparing(a -> a.method).thenComparing(a -> a.status));
        if (overflowed) {
            all.add(other);
        }
        return all;
    }

    private int keyBytes(TagSlice method, TagSlice name, TagSlice status) {
        int p = method.copyUnescaped(scratch, 0);
        if (p == JsonBytes.BAD || p >= scratch.length) {
            return JsonBytes.BAD;
        }
        scratch[p] = SEPARATOR;
        p = name.copyUnescaped(scratch, p + 1);
        if (p == JsonBytes.BAD || p >= scratch.length) {
            return JsonBytes.BAD;
        }
        scratch[p] = SEPARATOR;
        return status.copyUnescaped(scratch, p + 1);
    }

    private int hash(int length) {
        int h = 1;
        for (int i = 0; i < length; i++) {
            h = 31 * h + scratch[i];
        }
        return h ^ (h >>> 16);
    }

    private EndpointAccumulator insert(int slot, int hash, int length) {
        byte[] key = Arrays.copyOf(scratch, length);
        keys[slot] = key;
        hashes[slot] = hash;
        values[slot] = new EndpointAccumulator(part(key, 0), part(key, 1), part(key, 2));
        size++;
        return values[slot];
    }

    private static String part(byte[] key, int index) {
        int from = 0;
        for (int i = 0; i < index; i++) {
            while (key[from] != SEPARATOR) {
                from++;
            }
            from++;
        }
        int to = from;
        while (to < key.length && key[to] != SEPARATOR) {
            to++;
        }
        return new String(key, from, to - from, StandardCharsets.UTF_8);
    }
}
