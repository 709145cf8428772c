package dev.k6runner.runner.execution;

import java.time.Duration;

/**
 * Pumps its stdin through a {@link ConsoleTail} with a 64 KiB cap and prints what was kept: run by
 * {@link ConsoleAndSummaryBoundsTest} in a JVM whose heap is far smaller than the line it is fed.
 */
public final class ConsoleTailProbe {

    private ConsoleTailProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        ConsoleTail console = new ConsoleTail(64 * 1024);
        console.pump(System.in, "probe").join(Duration.ofMinutes(2));
        String text = console.text();
        System.out.println("kept=" + text.length());
        System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
        System.out.println("lastError=" + console.lastError().map(K6LogLine::reason).orElse(""));
        System.out.println("firstLine=" + text.lines().findFirst().orElse(""));
    }
}
