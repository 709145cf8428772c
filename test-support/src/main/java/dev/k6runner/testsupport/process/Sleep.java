package dev.k6runner.testsupport.process;

/** Pacing between polls of a bounded loop; an interrupt ends the wait and keeps the flag. */
public final class Sleep {

    private Sleep() {
    }

    public static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
