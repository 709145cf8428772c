package dev.k6runner.gateway.bundle;

import java.util.List;
import java.util.Map;

import dev.k6runner.platform.bundle.BundleKind;

/**
 * A checked bundle, ready to store: a files map as its canonical tar, or a k6 archive as uploaded.
 *
 * @param sha256 of {@code content}, lower-case hex: its key in the {@code bundles} table
 * @param files  the file names, for the result document
 * @param env    an archive's env, taken out of its metadata.json (not stored with it): the run's env, under the
 *               request's own
 */
public record Bundle(BundleKind kind, byte[] content, String sha256, List<String> files, Map<String, String> env) {

    public Bundle {
        files = List.copyOf(files);
        env = Map.copyOf(env);
    }

    public long bytes() {
        return content.length;
    }
}
