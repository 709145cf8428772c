package dev.k6runner.cli.validate;

/** The services and the CLI need Java 25. */
final class JavaCheck {

    static final int REQUIRED = 25;

    private JavaCheck() {
    }

    static CheckResult check() {
        return check(Runtime.version().feature(), Runtime.version().toString(),
                System.getProperty("java.vendor", "?"), System.getProperty("java.home", "?"));
    }

    static CheckResult check(int feature, String version, String vendor, String home) {
        if (feature < REQUIRED) {
            return CheckResult.fail("java", "Java " + version + " at " + home + " is too old: install JDK " + REQUIRED
                    + " (e.g. Temurin " + REQUIRED + ") and point JAVA_HOME at it");
        }
        return CheckResult.ok("java", "Java " + version + " (" + vendor + ") at " + home);
    }
}
