#!/usr/bin/env bash
# The soak with faults: one command, bounded in time (about 10 minutes on 2 cores), stops by itself.
#
# Starts Kafka and Postgres of local mode as two separate processes (so each can be restarted), the gateway,
# 3 runners (the k6 stand-in as k6, 2 slots each, 6 s leases), 2 broken runners (work folder on a full 1 MiB
# tmpfs, which needs root; an intake that throws every 3rd claim) and the analyzer, all from their runnable jars,
# on free loopback ports and in a fresh data folder; the services reach Postgres through TCP proxies in the
# soak's JVM. Submits a few hundred short runs from several clients while it SIGKILLs a runner that holds a long
# run, restarts the broker and the analyzer, stops the database for a few seconds, makes it HANG (black-holed
# connections) for 10 s, partitions one runner from it for 20 s, and makes it hang for 60 s (longer than the
# lease). Then it checks every accepted run (SQL + HTTP + the stand-in's invocation log + the analyzers' consumer
# lag + the requests the soak's target got after a run was interrupted) and prints ONE line:
#   soak: accepted=N completed=N interrupted=N timed_out=N lost=0 duplicated=0 unexpected=0 load_after_interrupted=0 quarantined=N ... result=PASS
# Exit status 0 only when nothing was lost, duplicated, unexpected, stuck or loaded after interrupted.
#
# Options (passed through): --runs=300 --long-runs=4 --clients=4 --runners=3 --slots=2 --speed=2
#   --submit-seconds=150 --drain-seconds=300 --data-dir=benchmarks/target/soak-<time>
# Environment: SOAK_SKIP_BUILD=1 uses the jars already built.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

. "$ROOT/scripts/lib/jdk.sh"
k6runner_find_jdk || { echo "soak: no JDK 25 found (set JAVA_HOME)" >&2; exit 2; }
export JAVA_HOME="$K6RUNNER_JDK"

if [ "${SOAK_SKIP_BUILD:-0}" != 1 ]; then
  echo "soak-progress: building the runnable jars and the benchmarks module (./mvnw -DskipTests package)" >&2
  ./mvnw -B -q -ntp -DskipTests -pl local-cluster,api-gateway,runner-worker,analyzer-worker,k6-standin,benchmarks -am package >&2
fi
. "$ROOT/scripts/lib/bench-classpath.sh"
CP="$(k6runner_bench_classpath "$ROOT")"
exec "$JAVA_HOME/bin/java" -Xmx256m -XX:+UseSerialGC -cp "$CP" dev.k6runner.bench.soak.SoakMain "$@"
