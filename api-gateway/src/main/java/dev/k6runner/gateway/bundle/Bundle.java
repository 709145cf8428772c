package dev.k6runner.gateway.bundle;

import java.util.List;

import dev.k6runner.platform.bundle.BundleKind;

/**
 * A checked bundle, ready to store: a files map as its canonical tar, or a k6 archive as uploaded.
 *
 * @param sha256 of {@code content}, lower-case hex: its key in the {@code bundles} table
 * @param files  the file names, for the result document
 */
public record Bundle(BundleKind kind, byte[] content, String sha256, List<String> files) {

    public Bundle {
        files = List.copyOf(files);
    }

    public long bytes() {
        return content.length;
    }
}
