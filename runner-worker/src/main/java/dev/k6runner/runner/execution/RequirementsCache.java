package dev.k6runner.runner.execution;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code k6 inspect} said of a script, keyed by everything a request decides: the k6, the script and the
 * run's env with the request's overrides. The same CI test runs hundreds of times; k6's start-up (about 0.3 s,
 * most of it compiling the script) is then paid once, not before every run. Keys are digests, so no env value is
 * kept here. A script whose options change from one evaluation to the next (Math.random) is caught by the banner
 * backstop of {@code k6 run} itself, cached or not.
 */
final class RequirementsCache {

    private static final int ENTRIES = 1024;
    /** Set by the runner, not the request: HOME and TMPDIR name the run's own folder, different for every run. */
    private static final Set<String> RUNNER_SET = Set.of("PATH", "HOME", "TMPDIR");

    private final Map<String, ExecutionRequirements> known = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ExecutionRequirements> eldest) {
            return size() > ENTRIES;
        }
    };

    synchronized Optional<ExecutionRequirements> get(String key) {
        return Optional.ofNullable(known.get(key));
    }

    synchronized void put(String key, ExecutionRequirements requirements) {
        known.put(key, requirements);
    }

    static String key(String k6, String script, Map<String, String> environment) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, k6);
            update(digest, script);
            new TreeMap<>(environment).forEach((name, value) -> {
                if (!RUNNER_SET.contains(name)) {
                    update(digest, name);
                    update(digest, value);
                }
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Length-prefixed, so that no two different inputs run together into the same bytes. */
    private static void update(MessageDigest digest, String part) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }
}
