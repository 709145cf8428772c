package dev.k6runner.platform.bundle;

/**
 * How big a bundle may be: the gateway refuses beyond these, and a runner checks them again before it writes a byte.
 *
 * @param maxBytes the largest bundle, in bytes: the uploaded tar, or the sum of a files map's UTF-8 contents
 * @param maxFiles the most files a bundle may hold
 */
public record BundleLimits(long maxBytes, int maxFiles) {

    public BundleLimits {
        if (maxBytes < 1 || maxFiles < 1) {
            throw new IllegalArgumentException("bundle limits must be positive: " + maxBytes + " bytes, " + maxFiles + " files");
        }
    }
}
