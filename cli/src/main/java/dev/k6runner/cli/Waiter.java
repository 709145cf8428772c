package dev.k6runner.cli;

import java.time.Duration;
import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * Polls a run until it ends, showing live progress on stderr. A few failed polls in a row are
 * tolerated (a gateway restart, say); the run itself is never touched.
 */
final class Waiter {

    private static final int MAX_FAILED_POLLS = 5;
    private static final Duration QUIET_REPEAT = Duration.ofSeconds(10);

    private final GatewayClient gateway;
    private final CliContext context;
    private final Duration pollInterval;
    private final boolean showProgress;

    Waiter(GatewayClient gateway, CliContext context, Duration pollInterval, boolean showProgress) {
        this.gateway = gateway;
        this.context = context;
        this.pollInterval = pollInterval;
        this.showProgress = showProgress;
    }

    /** The terminal document, or the last one seen if {@code maxWait} passed first. */
    JsonNode await(String testId, Duration maxWait) throws GatewayException {
        Instant deadline = context.clock().instant().plus(maxWait);
        String lastLine = null;
        Instant lastPrinted = Instant.MIN;
        int failedPolls = 0;
        JsonNode doc = null;
        while (true) {
            try {
                doc = gateway.result(testId).json();
                failedPolls = 0;
            } catch (GatewayException e) {
                if (e.response() != null || ++failedPolls >= MAX_FAILED_POLLS) {
                    endProgressLine(lastLine);
                    throw e;
                }
            }
            Instant now = context.clock().instant();
            if (doc != null) {
                if (ExitStatus.isTerminal(Json.text(doc, "status"))) {
                    endProgressLine(lastLine);
                    return doc;
                }
                String line = ProgressRenderer.line(doc, now);
                if (showProgress && shouldPrint(line, lastLine, lastPrinted, now)) {
                    print(line, lastLine);
                    lastLine = line;
                    lastPrinted = now;
                }
            }
            if (!now.isBefore(deadline)) {
                endProgressLine(lastLine);
                return doc;
            }
            pause();
        }
    }

    private boolean shouldPrint(String line, String lastLine, Instant lastPrinted, Instant now) {
        if (context.interactive()) {
            return !line.equals(lastLine);
        }
        boolean statusChanged = lastLine == null || !firstWord(line).equals(firstWord(lastLine));
        return statusChanged || !lastPrinted.plus(QUIET_REPEAT).isAfter(now);
    }

    private void print(String line, String lastLine) {
        if (context.interactive()) {
            int pad = lastLine == null ? 0 : Math.max(0, lastLine.length() - line.length());
            context.err().print("\r" + line + " ".repeat(pad));
            context.err().flush();
        } else {
            context.err().println(line);
        }
    }

    private void endProgressLine(String lastLine) {
        if (context.interactive() && lastLine != null) {
            context.err().println();
        }
    }

    private static String firstWord(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? line : line.substring(0, space);
    }

    private void pause() throws GatewayException {
        try {
            Thread.sleep(pollInterval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException("interrupted while waiting for the run", e);
        }
    }
}
