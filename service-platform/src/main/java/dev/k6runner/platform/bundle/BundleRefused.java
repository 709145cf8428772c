package dev.k6runner.platform.bundle;

/**
 * A bundle that is not accepted, with the reason a client can act on. The gateway turns it into a problem
 * document (400, or 413 for {@link Reason#TOO_LARGE}); the runner refuses to materialise it.
 */
public final class BundleRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why, each with the problem slug the gateway answers with. */
    public enum Reason {
        /** A path that is absolute, climbs with {@code ..}, is empty or holds control characters. */
        PATH("bundle-path"),
        /** A symlink, a hard link (other than k6's own entry-script link), a device file or a FIFO. */
        ENTRY_TYPE("bundle-entry-type"),
        /** Over the size limit (413). */
        TOO_LARGE("bundle-too-large"),
        /** Over the file-count limit. */
        TOO_MANY_FILES("bundle-too-many-files"),
        /** Not a readable tar, or a tar without k6's {@code metadata.json} and {@code data}. */
        MALFORMED("bundle-malformed");

        private final String slug;

        Reason(String slug) {
            this.slug = slug;
        }

        public String slug() {
            return slug;
        }
    }

    private final Reason reason;

    public BundleRefused(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
