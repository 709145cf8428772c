package dev.k6runner.bench.memory;

/** The heap in use from a service's /actuator/prometheus text: the sum of jvm_memory_used_bytes{area="heap"}. */
public final class PrometheusHeap {

    private PrometheusHeap() {
    }

    /** Bytes, or -1 when the text has no heap samples. */
    public static long usedHeapBytes(String prometheusText) {
        double sum = 0;
        boolean found = false;
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                String value = line.substring(line.lastIndexOf('}') + 1).strip().split("\\s+")[0];
                sum += Double.parseDouble(value);
                found = true;
            }
        }
        return found ? (long) sum : -1;
    }
}
