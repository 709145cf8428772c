package dev.k6runner.platform.bundle;

/** How a run's bundle reaches k6: files beside {@code script.js}, or a k6 archive run as {@code k6 run archive.tar}. */
public enum BundleKind {
    FILES("files"),
    ARCHIVE("archive");

    private final String wireName;

    BundleKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name in SQL and JSON. */
    public String wireName() {
        return wireName;
    }

    public static BundleKind fromWire(String name) {
        for (BundleKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown bundle kind '" + name + "'");
    }
}
