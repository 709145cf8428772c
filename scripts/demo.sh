#!/usr/bin/env bash
# The demo, in one command: starts the demo HTTP target (healthy, slow, flaky and degrading
# endpoints) on 127.0.0.1:18080, submits every script of samples/ to the running service,
# waits for all of them and prints a table of results and anomalies.
#
# Needs the service running: start scripts/run-local.sh in another terminal first (the gateway
# listens on 127.0.0.1:8080). With k6 installed on the runner, the whole demo takes 1–3 minutes.
#
# Environment (all optional):
#   K6RUNNER_URL         the gateway (default http://127.0.0.1:8080)
#   K6RUNNER_API_KEY     an API key, when the gateway requires keys
#   DEMO_TARGET_PORT     port of the demo target (default 18080)
#   DEMO_MAX_WAIT        how long to wait for the runs (default 5m)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLI="$ROOT/scripts/k6runner"
PORT="${DEMO_TARGET_PORT:-18080}"
TARGET_URL="http://127.0.0.1:$PORT"
export K6RUNNER_URL="${K6RUNNER_URL:-http://127.0.0.1:8080}"
LOG="$(mktemp -t k6runner-demo-target.XXXXXX.log)"
TARGET_PID=""

say() { printf '\033[1m[demo]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[demo]\033[0m %s\n' "$*" >&2; exit 1; }

cleanup() {
  if [ -n "$TARGET_PID" ]; then
    kill "$TARGET_PID" 2>/dev/null || true
    wait "$TARGET_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT INT TERM

# a port answers TCP (bash's /dev/tcp: no curl needed)
target_up() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

say "checking the service at $K6RUNNER_URL"
set +e
"$CLI" health
status=$?
set -e
case "$status" in
  0) ;;
  4) die "the gateway is not reachable at $K6RUNNER_URL: start scripts/run-local.sh in another terminal first" ;;
  7) say "the service is not UP (see above): runs stay queued until a runner with k6 is alive" ;;
  *) die "k6runner health failed (exit $status)" ;;
esac

if target_up; then
  say "a demo target already answers on $TARGET_URL; using it"
else
  say "starting the demo target on $TARGET_URL (log: $LOG)"
  "$CLI" demo-target --port "$PORT" >"$LOG" 2>&1 &
  TARGET_PID=$!
  for _ in $(seq 1 100); do
    if target_up; then break; fi
    kill -0 "$TARGET_PID" 2>/dev/null || { cat "$LOG" >&2; die "the demo target did not start (port $PORT in use? set DEMO_TARGET_PORT)"; }
    sleep 0.2
  done
  target_up || die "the demo target does not answer on $TARGET_URL"
fi

say "submitting samples/*.js against $TARGET_URL"
"$CLI" demo --samples "$ROOT/samples" --target-url "$TARGET_URL" --max-wait "${DEMO_MAX_WAIT:-5m}"
