package dev.k6runner.analyzer.merge;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One threshold in k6's expression language, {@code <aggregation> <operator> <number>}: aggregations
 * {@code avg min max med p(N) count rate value}, operators {@code < <= > >= == === !=}, spaces
 * anywhere between. As in k6, the threshold FAILS when the comparison does not hold.
 *
 * @param source      the expression as written (the key of the summary export's {@code thresholds} map)
 * @param aggregation {@code avg}, {@code p(95)}… normalised: {@code p(N)} with N as written
 * @param percentile  N / 100 for {@code p(N)}, else NaN
 */
public record ThresholdExpression(String source, String aggregation, double percentile, String operator, double bound) {

    private static final Pattern GRAMMAR = Pattern.compile(
            "\\s*(avg|min|max|med|count|rate|value|p\\(\\s*(\\d+(?:\\.\\d+)?)\\s*\\))\\s*(<=|>=|===|==|!=|<|>)\\s*"
                    + "([-+]?\\d*\\.?\\d+(?:[eE][-+]?\\d+)?)\\s*");

    /** @throws IllegalArgumentException when k6 would refuse the expression too */
    public static ThresholdExpression parse(String source) {
        Matcher m = GRAMMAR.matcher(source);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a k6 threshold expression: " + source);
        }
        boolean isPercentile = m.group(2) != null;
        String aggregation = isPercentile ? "p(" + m.group(2) + ")" : m.group(1);
        double percentile = isPercentile ? Double.parseDouble(m.group(2)) / 100.0 : Double.NaN;
        if (isPercentile && percentile > 1) {
            throw new IllegalArgumentException("a percentile above 100: " + source);
        }
        return new ThresholdExpression(source, aggregation, percentile, m.group(3), Double.parseDouble(m.group(4)));
    }

    /**
     * True when the threshold FAILED (k6's convention in the summary export). {@code aggregate} gives
     * the metric's value of an aggregation (by {@link #aggregation()}), or null when the metric has
     * no samples, which k6 does not fail.
     */
    public boolean failed(Function<ThresholdExpression, Double> aggregate) {
        Double value = aggregate.apply(this);
        return value != null && !holds(value);
    }

    boolean holds(double value) {
        return switch (operator) {
            case "<" -> value < bound;
            case "<=" -> value <= bound;
            case ">" -> value > bound;
            case ">=" -> value >= bound;
            case "!=" -> value != bound;
            default -> value == bound;
        };
    }

    boolean isPercentile() {
        return !Double.isNaN(percentile);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s %s", aggregation, operator, bound);
    }
}
