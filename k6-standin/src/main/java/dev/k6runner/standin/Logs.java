package dev.k6runner.standin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recording's stderr sorted by when k6 printed each line: the REST API's start-up warning at once, the
 * error that ended a failed run when the run ends, a signal's abort line only when a signal arrives, and
 * every other line at its recorded second relative to the run's first metric point.
 */
record Logs(List<String> atStart, List<Timed> during, List<String> atEnd, String abortLine, boolean signalRecorded) {

    record Timed(double at, String line) {
    }

    /** k6 v0.49's own line (see the sigint/sigterm recordings); the signal word is Go's name for it. */
    static final String ABORT_TEMPLATE =
            "time=\"2026-11-23T23:42:23Z\" level=error msg=\"test run was aborted because k6 received a 'interrupt' signal\"";

    private static final Pattern TIME = Pattern.compile("time=\"([^\"]*)\"");
    private static final Pattern SIGNAL_WORD = Pattern.compile("received a '[a-z]+' signal");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /**
     * @param apiServerOn  false when {@code --address} was given, which avoids the recorded port collision
     * @param firstPoint   the recorded time of the first metric point, or null when the recording has none
     */
    static Logs of(List<String> lines, int exitCode, boolean apiServerOn, Instant firstPoint, double runSeconds) {
        List<String> atStart = new ArrayList<>();
        List<Timed> during = new ArrayList<>();
        List<String> atEnd = new ArrayList<>();
        String abort = ABORT_TEMPLATE;
        boolean signalRecorded = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.contains("msg=\"Error from API server\"")) {
                if (apiServerOn) {
                    atStart.add(line);
                }
            } else if (SIGNAL_WORD.matcher(line).find() && line.contains("test run was aborted")) {
                abort = line;
                signalRecorded = true;
            } else if (exitCode != 0 && i == lines.size() - 1) {
                atEnd.add(line);
            } else {
                during.add(new Timed(offset(line, firstPoint, runSeconds), line));
            }
        }
        return new Logs(atStart, during, atEnd, abort, signalRecorded);
    }

    /** The abort line for a signal: "interrupt" for SIGINT, "terminated" for SIGTERM, as Go names them. */
    String abortLineFor(String signalWord) {
        return SIGNAL_WORD.matcher(abortLine).replaceFirst("received a '" + signalWord + "' signal");
    }

    /** k6 stamps each line when it prints it. */
    static String stampedNow(String line) {
        Matcher m = TIME.matcher(line);
        if (!m.find()) {
            return line;
        }
        String now = STAMP.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        return line.substring(0, m.start(1)) + now + line.substring(m.end(1));
    }

    private static double offset(String line, Instant firstPoint, double runSeconds) {
        Matcher m = TIME.matcher(line);
        if (firstPoint == null || !m.find()) {
            return 0;
        }
        try {
            double seconds = (Instant.parse(m.group(1)).toEpochMilli() - firstPoint.toEpochMilli()) / 1000.0;
            return Math.max(0, Math.min(seconds, runSeconds));
        } catch (RuntimeException unparsable) {
            return 0;
        }
    }
}
