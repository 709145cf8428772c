package dev.k6runner.standin;

import java.nio.file.Path;
import java.util.List;

/**
 * Options the generated wrapper bakes in before k6's own arguments, e.g. {@code --standin-speed=10}.
 * Never read from the environment: the runner gives k6 a clean one.
 *
 * @param speed           time runs this many times faster than recorded (1 = faithful timing)
 * @param defaultScenario the recording to replay when the script names none and matches none, or null
 * @param invocationLog   a file that gets one JSON line per invocation, or null
 */
record WrapperOptions(double speed, String defaultScenario, Path invocationLog) {

    static final String PREFIX = "--standin-";

    /** The wrapper options and the k6 arguments after them. */
    record Split(WrapperOptions options, List<String> k6Args) {
    }

    static Split split(List<String> args) {
        double speed = 1;
        String defaultScenario = null;
        Path log = null;
        int i = 0;
        for (; i < args.size() && args.get(i).startsWith(PREFIX); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new StandinFailure("wrapper option needs a value: " + arg);
            }
            String name = arg.substring(PREFIX.length(), eq);
            String value = arg.substring(eq + 1);
            switch (name) {
                case "speed" -> speed = parseSpeed(value);
                case "default-scenario" -> defaultScenario = value.isEmpty() ? null : value;
                case "invocation-log" -> log = value.isEmpty() ? null : Path.of(value);
                default -> throw new StandinFailure("unknown wrapper option " + arg);
            }
        }
        return new Split(new WrapperOptions(speed, defaultScenario, log), List.copyOf(args.subList(i, args.size())));
    }

    private static double parseSpeed(String value) {
        try {
            double speed = Double.parseDouble(value);
            if (speed > 0 && Double.isFinite(speed)) {
                return speed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new StandinFailure("--standin-speed must be a positive number, got '" + value + "'");
    }
}
