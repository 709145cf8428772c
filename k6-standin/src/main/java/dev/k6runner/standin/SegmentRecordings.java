package dev.k6runner.standin;

import java.util.List;

/**
 * {@code --execution-segment S --execution-segment-sequence Q}: the replay of the process that real k6 ran with those
 * two flags. A recording of segments (execution-segments) holds each segment's process in {@code segment-<i>/} and
 * the unsegmented one in {@code whole/}; the segment folder whose recorded command names the same S and Q replays.
 * Any other segment, or a segment of a recording that was never recorded segmented, is refused: what that k6 would
 * have done is not recorded, and a replay of the whole test would double its load and its counts.
 */
final class SegmentRecordings {

    static final String WHOLE = "whole/";
    static final String SEGMENT = "execution-segment";
    static final String SEQUENCE = "execution-segment-sequence";
    /** k6's way of saying "the whole test" (also its default). */
    private static final String WHOLE_SEGMENT = "0:1";

    private SegmentRecordings() {
    }

    static Recording variantFor(Recording recording, CommandLine line) {
        String segment = line.last(SEGMENT);
        String sequence = line.last(SEQUENCE);
        if (segment == null || segment.equals(WHOLE_SEGMENT)) {
            return recording;
        }
        Recording folders = recording.variant("");
        for (int i = 0; folders.has(folder(i) + "command.txt"); i++) {
            Recording candidate = recording.variant(folder(i));
            List<String> recorded = List.of(candidate.command().split("\\s+"));
            if (segment.equals(value(recorded, SEGMENT)) && sameSequence(sequence, value(recorded, SEQUENCE))) {
                return candidate;
            }
        }
        throw new StandinFailure("no recording of '" + recording.name() + "' as execution segment "
                + segment + (sequence == null ? "" : " of the sequence " + sequence) + " (recorded segments are in "
                + "execution-segments/segment-*/): real k6 would run that share of the test, which is not recorded");
    }

    /** k6 without a sequence fills one around the segment; for the recorded halves that is the same sequence. */
    private static boolean sameSequence(String given, String recorded) {
        return given == null || given.equals(recorded);
    }

    private static String folder(int index) {
        return "segment-" + index + "/";
    }

    /** A flag's value in a recorded command, as {@code --flag value} or {@code --flag=value}; null when absent. */
    private static String value(List<String> tokens, String flag) {
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.equals("--" + flag) && i + 1 < tokens.size()) {
                return tokens.get(i + 1);
            }
            if (token.startsWith("--" + flag + "=")) {
                return token.substring(flag.length() + 3);
            }
        }
        return null;
    }
}
