package dev.k6runner.standin;

/** Something the stand-in cannot replay: reported as a {@code k6-standin:} line on stderr, exit 255. */
final class StandinFailure extends RuntimeException {

    static final int EXIT_CODE = 255;

    StandinFailure(String message) {
        super("k6-standin: " + message, null, false, false);
    }
}
