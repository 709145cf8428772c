# Sourced by scripts/benchmark.sh and scripts/soak.sh: the classpath they run the benchmarks module from.
# `k6runner_bench_classpath ROOT` prints it: a private copy of the module's classes (a concurrent rebuild
# must not pull them from under a long run), with a quiet logback.xml (the figures are the output), then
# the module's dependencies.
k6runner_bench_classpath() {
  snapshot="$(mktemp -d "$1/benchmarks/target/run-classes-XXXXXX")"
  for attempt in 1 2 3 4 5 6 7 8 9 10; do  # a teammate's rebuild may be half-way: copy until complete
    rm -rf "${snapshot:?}"/*; cp -r "$1/benchmarks/target/classes/." "$snapshot/" 2>/dev/null || true
    [ -f "$snapshot/dev/k6runner/bench/BenchmarkMain.class" ] && [ -f "$snapshot/dev/k6runner/bench/soak/SoakMain.class" ] \
      && [ -f "$snapshot/META-INF/BenchmarkList" ] && break
    sleep 5
  done
  # The harness's own log (Kafka's admin client, JDBC) stays quiet.
  printf '%s\n' '<configuration><appender name="E" class="ch.qos.logback.core.ConsoleAppender"><target>System.err</target>' \
    '<encoder><pattern>%d{HH:mm:ss} %-5level %logger{30} - %msg%n</pattern></encoder></appender>' \
    '<root level="WARN"><appender-ref ref="E"/></root></configuration>' > "$snapshot/logback.xml"
  echo "$snapshot:$(cat "$1/benchmarks/target/benchmark.classpath")"
}
