# Sourced by scripts/run-local.sh: whether its ports are free before it starts anything, and how it waits for the
# gateway after starting the services.

# ports…: prints those that something listens on at 127.0.0.1, space-separated (nothing when all are free).
k6runner_busy_ports() {
  local busy=() port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then busy+=("$port"); fi
  done
  echo "${busy[*]}"
}

# auth mode, API port, management port: the URL whose status says the gateway is up. The API's health (UP, or
# DEGRADED without k6 or runners) answers without a key only where there are no keys; in api-key mode no team or
# key exists yet, so the management port's readiness, which never wants one.
k6runner_health_url() {
  if [ "$1" = api-key ]; then
    echo "http://127.0.0.1:$3/actuator/health/readiness"
  else
    echo "http://127.0.0.1:$2/api/v1/test/health"
  fi
}

# url, attempts, pids…: polls the URL every 0.5 s until its "status" is UP, at most that many times, and prints the
# last status seen (empty when none). DEGRADED counts once it has lasted READY_DEGRADED_ATTEMPTS polls (20 s): the
# gateway says it until a runner's first heartbeat, a few seconds after its own start, and for good when no runner
# finds k6. Status 1 at once when one of the pids has ended.
k6runner_await_health() {
  local url="$1" attempts="$2" status="" degraded=0
  shift 2
  for _ in $(seq 1 "$attempts"); do
    status="$(curl -s --max-time 2 "$url" | grep -o '"status":"[A-Z]*"' | head -n 1 | cut -d'"' -f4 || true)"
    case "$status" in
      UP) echo "$status"; return 0 ;;
      DEGRADED)
        degraded=$((degraded + 1))
        if [ "$degraded" -ge "${READY_DEGRADED_ATTEMPTS:-40}" ]; then echo "$status"; return 0; fi ;;
    esac
    for pid in "$@"; do
      kill -0 "$pid" 2>/dev/null || { echo "$status"; return 1; }
    done
    sleep 0.5
  done
  echo "$status"
}
