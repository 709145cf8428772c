#!/usr/bin/env bash
# Every figure of the k6 runner service, each against a baseline measured in the same run, in one command
# (not part of ./mvnw verify). About 30 minutes on 2 cores; --quick takes about 12.
#
#   scripts/benchmark.sh            # full: JMH stream folding and analysis, then the whole local mode as
#                                   # processes: intake/polling vs JDBC, orchestration overhead vs `k6 run`,
#                                   # history/search at 100k and 1M seeded runs, memory of every process
#   scripts/benchmark.sh --quick    # shorter iterations and loads, queries at 100k only
#   scripts/benchmark.sh --only=services|stream|analysis|confinement|generator|fairness|intake-wrk|bundles (comma-separated) --concurrency=8 --load-seconds=15
#   scripts/benchmark.sh --only=generator   # issue 18's generator ratio: a 20-VU nginx test, plain `k6 run`
#                                   # against the runner's k6 (its --out json pipe folded in-process), rounds
#                                   # alternated; needs a real k6 (K6_BINARY/PATH) and nginx, else says so and skips
#   scripts/benchmark.sh --only=intake-wrk --concurrency=16   # issue 16's intake targets with wrk: a local mode
#                                   # without runners, submissions and polls of queued runs from a fresh database
#                                   # (--warmup-seconds=30: unmeasured load between the cold pass and the warm ones)
#                                   # and at 1M stored runs, each beside a JDBC insert / primary-key read
#
# k6: real k6 when it is on PATH (or K6_BINARY); else the k6 stand-in at recorded speed on BOTH sides of the
# overhead comparison, and the report says so. Everything runs on free loopback ports in a fresh folder under
# benchmarks/target/bench-<time>/ (logs, JMH output, benchmark-report.md). BENCH_SKIP_BUILD=1 skips the build.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

. "$ROOT/scripts/lib/jdk.sh"
k6runner_find_jdk || { echo "benchmark: no JDK 25 found (set JAVA_HOME)" >&2; exit 2; }
export JAVA_HOME="$K6RUNNER_JDK"

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "benchmark: building (./mvnw -DskipTests package: benchmarks and the runnable jars)" >&2
  ./mvnw -B -q -ntp -DskipTests -pl benchmarks -am package >&2
  ./mvnw -B -q -ntp -DskipTests -pl local-cluster,api-gateway,runner-worker,analyzer-worker,k6-standin -am package >&2
fi
# wrk (Debian's package) drives the intake-wrk part and the bundles part's wrk loads; installed here when missing and they run.
wants_wrk=1
for arg in "$@"; do
  case "$arg" in --only=*) case "$arg" in *intake-wrk*|*bundles*) ;; *) wants_wrk=0 ;; esac ;; esac
done
if [ "$wants_wrk" = 1 ] && ! command -v wrk >/dev/null 2>&1; then
  echo "benchmark: installing wrk (apt-get install wrk) for the intake figures" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -q wrk >&2 || { $SUDO apt-get update -q >&2 && $SUDO apt-get install -y -q wrk >&2; } \
    || { echo "benchmark: could not install wrk; install it (apt-get install wrk) or leave out intake-wrk" >&2; exit 2; }
fi
. "$ROOT/scripts/lib/bench-classpath.sh"
CP="$(k6runner_bench_classpath "$ROOT")"
exec "$JAVA_HOME/bin/java" -Xmx512m -XX:+UseSerialGC -cp "$CP" dev.k6runner.bench.BenchmarkMain "$@"
