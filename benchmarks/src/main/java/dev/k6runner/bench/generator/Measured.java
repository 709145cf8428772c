package dev.k6runner.bench.generator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.k6runner.runner.execution.RunnerK6Run;

/**
 * One k6 run of a round: its request rate (k6's own {@code http_reqs} rate) and the CPU it cost per request, k6's
 * process and the runner's folding thread apart. On a busy 2-core machine the rate moves with the neighbours' load;
 * CPU per request moves much less, and says where the cost is.
 */
record Measured(double rate, double k6MicrosPerRequest, double foldMicrosPerRequest) {

    private static final Pattern HTTP_REQS = Pattern.compile("\"http_reqs\"\\s*:\\s*\\{([^}]*)}");

    static Measured of(RunnerK6Run.Result result) {
        double requests = field(result.summaryExport(), "count");
        return new Measured(field(result.summaryExport(), "rate"), result.k6Cpu().toNanos() / 1e3 / requests,
                result.foldCpu().toNanos() / 1e3 / requests);
    }

    static double field(String summaryExport, String name) {
        Matcher reqs = summaryExport == null ? null : HTTP_REQS.matcher(summaryExport);
        if (reqs == null || !reqs.find()) {
            throw new IllegalStateException("no http_reqs in k6's summary export");
        }
        Matcher value = Pattern.compile("\"" + name + "\"\\s*:\\s*([0-9.eE+-]+)").matcher(reqs.group(1));
        if (!value.find()) {
            throw new IllegalStateException("no http_reqs " + name + " in k6's summary export");
        }
        return Double.parseDouble(value.group(1));
    }
}
