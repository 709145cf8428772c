#!/usr/bin/env bash
# Starts the whole k6 runner service on this machine, in the foreground:
#   an embedded Kafka (KRaft, share groups) and an embedded Postgres (data kept in .local-data/),
#   the api-gateway on 127.0.0.1:8080, runner-worker(s) and the analyzer-worker. Actuator (health, Prometheus)
#   is on each service's management port, on 127.0.0.1 too: gateway 9080, runner N 9080+10N+1, analyzer 9082.
# k6 runs with egress mode "local": loopback stays open to scripts (one person's machine, testing their own
# services); link-local, private and cloud metadata addresses stay blocked (docs/deployment.md).
# Builds what is missing first. Ctrl-C stops everything cleanly. A service that ends on its own is restarted, as
# the compose file and Kubernetes restart theirs; the end of the local cluster (Kafka, Postgres) stops everything.
#
# Environment (all optional):
#   K6RUNNER_DATA_DIR       data folder (default: <repo>/.local-data): Postgres data, results, logs
#   K6_BINARY               the k6 to run (default: k6 on PATH)
#   K6RUNNER_LOCAL_RUNNERS  how many runner processes (default 1)
#   K6RUNNER_RUNNER_SLOTS   slots per runner (default: the host's cores)
#   K6RUNNER_RUNNER_EGRESS_MODE  local (default here) or cluster (loopback blocked to k6 as in a deployment)
#   K6RUNNER_AUTH_MODE      none (default: every call is team "default", no keys) or api-key (teams, keys and
#                           their limits exactly as a cluster has them; the admin calls need K6RUNNER_ADMIN_TOKEN)
#   K6RUNNER_ADMIN_TOKEN    the admin token of /admin/** in api-key mode
#   GEMINI_API_KEY          enables Gemini analysis
#   JAVA_HOME               a JDK 25 (default: found under /usr/lib/jvm)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
DATA_DIR="${K6RUNNER_DATA_DIR:-$ROOT/.local-data}"
RUNNERS="${K6RUNNER_LOCAL_RUNNERS:-1}"
GATEWAY_PORT="${K6RUNNER_GATEWAY_PORT:-8080}"
GATEWAY_MANAGEMENT_PORT=$((GATEWAY_PORT + 1000))
ANALYZER_PORT=8082
ANALYZER_MANAGEMENT_PORT=9082
LOG_DIR="$DATA_DIR/logs"
AUTH_MODE="${K6RUNNER_AUTH_MODE:-none}"
MODULES=(local-cluster api-gateway runner-worker analyzer-worker)

say() { printf '\033[1m[run-local]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[run-local]\033[0m %s\n' "$*" >&2; exit 1; }

. "$ROOT/scripts/lib/jdk.sh"
. "$ROOT/scripts/lib/ready.sh"

find_jdk() {
  if k6runner_find_jdk; then
    export JAVA_HOME="$K6RUNNER_JDK"
    return
  fi
  die "no JDK 25 found. Install one (e.g. 'apt-get install temurin-25-jdk' from Adoptium's repository, or unpack a JDK 25 under /usr/lib/jvm) or set JAVA_HOME to it."
}

jar_of() { ls "$ROOT/$1"/target/"$1"-*-exec.jar 2>/dev/null | head -n 1 || true; }

build_if_missing() {
  local stale=""
  for module in "${MODULES[@]}"; do
    local jar; jar="$(jar_of "$module")"
    if [ -z "$jar" ]; then stale="$module has no jar"; break; fi
    if [ -n "$(find "$ROOT" -path '*/src/main/*' -newer "$jar" -not -path '*/target/*' -print -quit 2>/dev/null)" ] \
       || [ -n "$(find "$ROOT" -name pom.xml -newer "$jar" -not -path '*/target/*' -print -quit)" ]; then
      stale="sources changed since $module was built"; break
    fi
  done
  if [ -n "$stale" ]; then
    say "building ($stale): ./mvnw -DskipTests package"
    local modules; modules="$(IFS=,; echo "${MODULES[*]}")"
    "$ROOT/mvnw" -B -q -ntp -DskipTests -pl "$modules" -am package || die "the build failed; see the output above"
  fi
}

. "$ROOT/scripts/lib/supervise.sh"   # start, supervise and PIDS: services restart as in a cluster
# SIGTERM, then SIGKILL whatever is still running after the grace period.
stop_within() {
  local grace="$1"; shift
  [ "$#" -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  for _ in $(seq 1 $((grace * 2))); do
    local alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && return 0
    sleep 0.5
  done
  say "still running after ${grace}s, killing: $*"
  kill -KILL "$@" 2>/dev/null || true
}
stop_all() { # the status to exit with: 0 after Ctrl-C, the script's own on exit (a die, a service that ended)
  local status="${1:-0}"
  trap - INT TERM EXIT
  if [ "${#PIDS[@]}" -gt 0 ]; then
    say "stopping…"
    # services first (runners stop their k6 runs gracefully), the cluster last
    local services=("${PIDS[@]:1}")
    stop_within 60 "${services[@]}"
    stop_within 30 "${PIDS[0]}"
    [ -n "${TAIL_PID:-}" ] && kill "$TAIL_PID" 2>/dev/null || true
    say "stopped. Data kept in $DATA_DIR"
  fi
  exit "$status"
}
trap 'stop_all 0' INT TERM
trap 'stop_all $?' EXIT


# checked before anything is built or started
case "$AUTH_MODE" in
  none) ;;
  api-key)
    say "auth: api-key: every /api/** call needs a team's key (Authorization: Bearer <key>); the gateway still listens on 127.0.0.1"
    [ -n "${K6RUNNER_ADMIN_TOKEN:-}" ] \
      || say "WARNING: K6RUNNER_ADMIN_TOKEN is not set: the admin calls (/admin/**) that create teams and keys are off" ;;
  *) die "K6RUNNER_AUTH_MODE must be none or api-key, not '$AUTH_MODE'" ;;
esac
# a port taken (by a local mode already running, say) would only show as a service's stack trace in its log
KAFKA_PORT="${K6RUNNER_KAFKA_PORT:-19092}"
PORTS=("$GATEWAY_PORT" "$GATEWAY_MANAGEMENT_PORT" "$ANALYZER_PORT" "$ANALYZER_MANAGEMENT_PORT" "${K6RUNNER_POSTGRES_PORT:-15432}"
       "$KAFKA_PORT" $((KAFKA_PORT + 1)))
for n in $(seq 1 "$RUNNERS"); do PORTS+=($((8080 + 10 * n + 1)) $((9080 + 10 * n + 1))); done
BUSY="$(k6runner_busy_ports "${PORTS[@]}")"
[ -z "$BUSY" ] || die "port(s) $BUSY on 127.0.0.1 already taken: is another scripts/run-local.sh running? Stop it first (Ctrl-C there)."

find_jdk
JAVA="$JAVA_HOME/bin/java"
say "JDK: $JAVA_HOME"
build_if_missing
mkdir -p "$DATA_DIR" "$LOG_DIR" "$DATA_DIR/results"
rm -f "$DATA_DIR/cluster.env"

K6_BINARY="${K6_BINARY:-$(command -v k6 || true)}"
if [ -z "$K6_BINARY" ]; then
  say "WARNING: k6 was not found on PATH and K6_BINARY is not set. The service starts, health reports"
  say "         k6 unavailable, and runs fail at once. Install k6: https://grafana.com/docs/k6/latest/set-up/install-k6/"
  say "         (Debian/Ubuntu: the k6 apt repository; or put the k6 binary on PATH, or set K6_BINARY)."
  K6_BINARY=k6
else
  say "k6: $K6_BINARY ($("$K6_BINARY" version 2>/dev/null | head -n 1 || echo 'version unknown'))"
fi

# The stand-in is a Java program: inside the runner's sandbox it needs the JDK and its jar.
STANDIN_PATHS=""
case "$K6_BINARY" in *k6-standin*) STANDIN_PATHS="$JAVA_HOME,$ROOT/k6-standin/target,$ROOT/scripts" ;; esac

start local-cluster "$LOG_DIR/local-cluster.log" env K6RUNNER_DATA_DIR="$DATA_DIR" "$JAVA" -Xmx768m -XX:+UseCompactObjectHeaders -jar "$(jar_of local-cluster)"
for _ in $(seq 1 120); do
  [ -f "$DATA_DIR/cluster.env" ] && break
  kill -0 "${PIDS[0]}" 2>/dev/null || die "the local cluster failed to start; see $LOG_DIR/local-cluster.log"
  sleep 0.5
done
[ -f "$DATA_DIR/cluster.env" ] || die "the local cluster did not become ready in 60 s; see $LOG_DIR/local-cluster.log"
set -a; . "$DATA_DIR/cluster.env"; set +a

COMMON_ENV=(DATABASE_URL="$DATABASE_URL" KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP_SERVERS" LOG_LEVEL="${LOG_LEVEL:-INFO}"
            K6_RESULTS_DIR="${K6_RESULTS_DIR:-$DATA_DIR/results}")
JVM_OPTS=(-Xmx512m -XX:+UseSerialGC -XX:+UseCompactObjectHeaders)

SERVICES_STARTED_AT=$SECONDS
start api-gateway "$LOG_DIR/api-gateway.log" env "${COMMON_ENV[@]}" PORT="$GATEWAY_PORT" MANAGEMENT_PORT="$GATEWAY_MANAGEMENT_PORT" SERVER_ADDRESS=127.0.0.1 \
  K6RUNNER_GATEWAY_AUTH_MODE="$AUTH_MODE" K6RUNNER_GATEWAY_TEAMS_DEFAULTMAXRUNNINGRUNS=0 "$JAVA" "${JVM_OPTS[@]}" -jar "$(jar_of api-gateway)"
for n in $(seq 1 "$RUNNERS"); do
  start "runner-worker-$n" "$LOG_DIR/runner-worker-$n.log" env "${COMMON_ENV[@]}" PORT=$((8080 + 10 * n + 1)) \
    MANAGEMENT_PORT=$((9080 + 10 * n + 1)) SERVER_ADDRESS=127.0.0.1 \
    K6_BINARY="$K6_BINARY" K6RUNNER_RUNNER_CONFINEMENT_REQUIRED="${K6RUNNER_RUNNER_CONFINEMENT_REQUIRED:-false}" \
    K6RUNNER_RUNNER_EGRESS_MODE="${K6RUNNER_RUNNER_EGRESS_MODE:-local}" \
    K6RUNNER_RUNNER_CONFINEMENT_READ_ONLY_PATHS="${K6RUNNER_RUNNER_CONFINEMENT_READ_ONLY_PATHS:-$STANDIN_PATHS}" \
    "$JAVA" "${JVM_OPTS[@]}" -jar "$(jar_of runner-worker)"
done
start analyzer-worker "$LOG_DIR/analyzer-worker.log" env "${COMMON_ENV[@]}" PORT="$ANALYZER_PORT" \
  MANAGEMENT_PORT="$ANALYZER_MANAGEMENT_PORT" SERVER_ADDRESS=127.0.0.1 \
  "$JAVA" "${JVM_OPTS[@]}" -jar "$(jar_of analyzer-worker)"

HEALTH_URL="$(k6runner_health_url "$AUTH_MODE" "$GATEWAY_PORT" "$GATEWAY_MANAGEMENT_PORT")"
status="$(k6runner_await_health "$HEALTH_URL" 240 "${PIDS[@]}")" || die "a service exited during start; see the logs in $LOG_DIR"
say "health: ${status:-unknown} ($HEALTH_URL), $((SECONDS - SERVICES_STARTED_AT)) s after the services started"
say "ready. Gateway http://127.0.0.1:$GATEWAY_PORT  ·  API docs http://127.0.0.1:$GATEWAY_PORT/docs"
[ "$AUTH_MODE" = api-key ] && [ -n "${K6RUNNER_ADMIN_TOKEN:-}" ] \
  && say "teams and keys: POST /admin/teams, then /admin/teams/<id>/keys, with 'Authorization: Bearer \$K6RUNNER_ADMIN_TOKEN' (docs/operator-guide.md, \"Teams and API keys\")"
say "metrics (management ports, /actuator/prometheus): gateway :$GATEWAY_MANAGEMENT_PORT, runners :9091…, analyzer :$ANALYZER_MANAGEMENT_PORT  ·  data: $DATA_DIR"
say "Ctrl-C stops everything; a service that ends on its own is restarted. Following the service logs:"
tail -n 0 -F "$LOG_DIR"/api-gateway.log "$LOG_DIR"/runner-worker-*.log "$LOG_DIR"/analyzer-worker.log &
TAIL_PID=$!
# A service that ends on its own is started again (compose's restart: unless-stopped); the local cluster's end, or a
# service that cannot stay up, stops everything.
supervise || exit 1
