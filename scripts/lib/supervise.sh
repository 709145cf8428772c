# Sourced by scripts/run-local.sh (bash 5.1+): starts the local mode's processes and keeps them running as the
# compose file's `restart: unless-stopped` and Kubernetes keep a deployment's, so that a dead runner in local mode
# behaves as in a cluster (its runs are interrupted through their leases, the runner comes back) instead of taking
# every other service down with it.
#
# The caller defines say() and reads PIDS (for its stop on exit). Index 0 is the process the others need (the
# local cluster: Kafka and Postgres): its end is never restarted over. A process that ends within
# SUPERVISE_MIN_UPTIME seconds of its (re)start is crash-looping, not crashing: it is not restarted either.

PIDS=()
SUPERVISED_NAMES=()
SUPERVISED_LOGS=()
SUPERVISED_COMMANDS=()
SUPERVISED_SINCE=()
SUPERVISE_MIN_UPTIME="${SUPERVISE_MIN_UPTIME:-30}"

# name, log, command…: starts it in the background, its output in the log (truncated: a fresh start).
start() {
  local name="$1" log="$2"; shift 2
  "$@" > "$log" 2>&1 &
  PIDS+=("$!")
  SUPERVISED_NAMES+=("$name")
  SUPERVISED_LOGS+=("$log")
  SUPERVISED_COMMANDS+=("$(printf '%q ' "$@")")
  SUPERVISED_SINCE+=("$SECONDS")
  say "started $name (pid $!, log $log)"
}

# index, status: starts the process again, appending to its log so that the end that caused it stays readable.
supervise_restart() {
  local i="$1" status="$2"
  printf '\n[run-local] --- %s ended with status %s; restarted at %s ---\n\n' "${SUPERVISED_NAMES[$i]}" "$status" \
    "$(date -u +%FT%TZ)" >> "${SUPERVISED_LOGS[$i]}"
  # exec: the pid kept is the process itself, which the stop on exit signals, not a shell waiting for it
  eval "exec ${SUPERVISED_COMMANDS[$i]}" >> "${SUPERVISED_LOGS[$i]}" 2>&1 &
  PIDS[i]=$!
  SUPERVISED_SINCE[i]=$SECONDS
  say "restarted ${SUPERVISED_NAMES[$i]} (pid $!), as a cluster would"
}

# Waits for the processes' ends and restarts them; returns 1 (the caller then stops everything) when the first
# process ended or a process ended too soon after its start.
supervise() {
  while true; do
    local ended="" status=0 i
    wait -n -p ended "${PIDS[@]}" || status=$?
    if [ -z "$ended" ]; then
      [ "$status" -ne 127 ] || return 1 # none of them is a child any more: nothing left to watch
      continue                          # woken without an end (a trapped signal)
    fi
    for i in "${!PIDS[@]}"; do [ "${PIDS[$i]}" = "$ended" ] && break; done
    local name="${SUPERVISED_NAMES[$i]}" uptime=$((SECONDS - SUPERVISED_SINCE[i]))
    if [ "$i" = 0 ]; then
      say "$name (pid $ended) ended with status $status: the others cannot run without it; stopping them"
      return 1
    fi
    if [ "$uptime" -lt "$SUPERVISE_MIN_UPTIME" ]; then
      say "$name (pid $ended) ended with status $status ${uptime} s after its start: not restarted; stopping the rest (see ${SUPERVISED_LOGS[$i]})"
      return 1
    fi
    say "$name (pid $ended) ended on its own with status $status after ${uptime} s (see ${SUPERVISED_LOGS[$i]})"
    supervise_restart "$i" "$status"
  done
}
