package dev.k6runner.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParsersTest {

    @Test
    void sumsTheHeapPoolsOfThePrometheusText() {
        String text = """
                # HELP jvm_memory_used_bytes The amount of used memory
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{application="api-gateway",area="heap",id="Tenured Gen"} 3.0E7
                jvm_memory_used_bytes{application="api-gateway",area="heap",id="Eden Space"} 1.5E7
                jvm_memory_used_bytes{application="api-gateway",area="nonheap",id="Metaspace"} 9.0E7
                jvm_memory_max_bytes{application="api-gateway",area="heap",id="Eden Space"} 1.0E9
                """;
        assertThat(PrometheusHeap.usedHeapBytes(text)).isEqualTo(45_000_000L);
        assertThat(PrometheusHeap.usedHeapBytes("# nothing\n")).isEqualTo(-1);
    }

    @Test
    void readsTheKilobytesOfAStatusField() {
        String status = "Name:\tjava\nVmPeak:\t 5000000 kB\nVmHWM:\t  412345 kB\nVmRSS:\t  400000 kB\n";
        assertThat(ProcStatus.parse(status, "VmHWM")).isEqualTo(412_345);
        assertThat(ProcStatus.parse(status, "VmRSS")).isEqualTo(400_000);
        assertThat(ProcStatus.parse(status, "VmSwap")).isZero();
    }

    @Test
    void readsThisProcessesOwnPeak() {
        assertThat(ProcStatus.kilobytes(ProcessHandle.current().pid(), "VmHWM")).isPositive();
    }
}
