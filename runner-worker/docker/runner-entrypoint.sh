#!/bin/bash
# The runner image's entrypoint. The runner's JVM runs as root inside its container so that its separate-user
# confinement can run each slot's k6 under a uid of its own (docs/deployment.md, "Confinement of k6"); this
# script prepares that, then execs the JVM ("$@") with no capability beyond what the confinement uses:
#
# 0. secrets out of the environment: DATABASE_URL and SPRING_DATASOURCE_PASSWORD, when given as variables (compose:
#    its environment-sourced secrets are copied into the container's root filesystem, which read_only forbids),
#    move into files only root may read under SECRETS_DIR (default /run/k6runner, a tmpfs), and the JVM gets
#    <NAME>_FILE instead (service-platform reads it); so no process, the JVM included, has them in its environ.
#    Kubernetes mounts its Secret as such a file already.
# 1. k6's egress firewall, by EGRESS_FIREWALL:
#      install (default)  install it now (k6-egress-firewall.sh); needs CAP_NET_ADMIN, which step 3 drops
#      verify             it was installed before (the Kubernetes pod's init container): prove it holds by
#                         connecting to 127.0.0.1 as a k6 uid, and refuse to start if it does not
#      off                none (the operator filters elsewhere); only k6's own --blacklist-ip remains
# 2. folder modes: the results folder (K6_RESULTS_DIR) 2770, the temp folder (TMPDIR, else /tmp: the JVM's) 0700,
#    the work folder (K6RUNNER_RUNNER_WORKDIR) 0711, so a k6 uid reaches its own run folder and nothing else;
#    umask 0002, so that the run folders the JVM makes under the results folder inherit its group (setgid, the
#    gateway's in compose, which prunes them) writable by that group; others get no more than before;
# 3. capabilities: the JVM keeps exactly CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID and KILL. Where the
#    container holds more (NET_ADMIN for step 1, SETPCAP to drop it), they leave the bounding and inheritable
#    sets before the exec, so neither the JVM nor anything it starts can get them back.
set -euo pipefail
shopt -s inherit_errexit

readonly HERE="$(cd "$(dirname "$0")" && pwd)"
readonly KEEP="chown,dac_override,fowner,kill,setgid,setuid"
readonly KEEP_MASK=$(( (1 << 0) | (1 << 1) | (1 << 3) | (1 << 5) | (1 << 6) | (1 << 7) ))
readonly CAP_SETPCAP=8
readonly SECRET_NAMES=(DATABASE_URL SPRING_DATASOURCE_PASSWORD)
readonly PROBE_UID=$(( ${K6RUNNER_RUNNER_CONFINEMENT_UIDBASE:-20000} + 999 ))

say() { echo "runner-entrypoint: $*" >&2; }
die() { say "$*"; exit 1; }

bounding() { printf '%d' "0x$(awk '/^CapBnd:/ {print $2}' /proc/self/status)"; }

move_secrets_to_files() {
  local name dir="${SECRETS_DIR:-/run/k6runner}"
  for name in "${SECRET_NAMES[@]}"; do
    [[ -n "${!name:-}" ]] || continue
    [[ -z "$(printenv "${name}_FILE" || true)" ]] || die "both $name and ${name}_FILE are set: set one of them"
    (umask 077 && mkdir -p "$dir" && chmod 0700 "$dir" && printf '%s' "${!name}" > "$dir/$name") 2>/dev/null \
      || die "$name is in the environment and $dir is not writable: mount a tmpfs there, or give ${name}_FILE"
    export "${name}_FILE=$dir/$name"
    unset "$name"
  done
}

# A connect to 127.0.0.1 as a k6 uid: the firewall answers "No route to host" (admin-prohibited), an open
# loopback "Connection refused" (port 9 has no listener) or connects.
verify_firewall() {
  if [[ "${K6RUNNER_RUNNER_EGRESS_MODE:-cluster}" == local ]]; then
    say "egress mode local: loopback is open to k6 by design, the firewall is not probed"
    return
  fi
  local answer
  answer="$(timeout 10 setpriv --reuid="$PROBE_UID" --regid="$PROBE_UID" --clear-groups --inh-caps=-all \
    bash -c 'exec 3<>/dev/tcp/127.0.0.1/9' 2>&1 || true)"
  [[ "$answer" == *"No route to host"* ]] \
    || die "EGRESS_FIREWALL=verify, but k6's uids reach 127.0.0.1 (${answer:-connected}): the egress firewall is not installed"
  say "egress firewall verified: uid $PROBE_UID cannot reach 127.0.0.1"
}

prepare_folders() {
  local results="${K6_RESULTS_DIR:-/var/lib/k6runner/results}" work="${K6RUNNER_RUNNER_WORKDIR:-/var/lib/k6runner/work}"
  mkdir -p "$results" "$work"
  # chmod by a caller outside the folder's group (compose: the gateway's) clears setgid: only when it is wrong
  [[ "$(stat -c %a "$results")" == 2770 ]] || chmod 2770 "$results"
  [[ "$(stat -c %a "$results")" == 2770 ]] \
    || say "WARNING: $results is $(stat -c %a "$results"), not 2770: the gateway cannot prune the runner's result folders"
  chmod 0700 "${TMPDIR:-/tmp}"
  chmod 0711 "$work"
}

# exec "$@" holding KEEP at most.
exec_with_runner_capabilities() {
  local held; held="$(bounding)"
  if (( (held & ~KEEP_MASK) == 0 )); then
    exec "$@"
  fi
  (( held & (1 << CAP_SETPCAP) )) \
    || die "the container holds capabilities beyond ${KEEP^^} and not SETPCAP to drop them: drop them in its configuration"
  exec setpriv --bounding-set=-all,+"${KEEP//,/,+}" --inh-caps=-all --ambient-caps=-all -- "$@"
}

[[ $# -gt 0 ]] || die "usage: runner-entrypoint.sh <command> [args…]"
move_secrets_to_files
case "${EGRESS_FIREWALL:-install}" in
  install) "$HERE/k6-egress-firewall.sh" ;;
  verify) verify_firewall ;;
  off) say "WARNING: EGRESS_FIREWALL=off: no kernel rules for k6's egress; only k6's --blacklist-ip applies" ;;
  *) die "EGRESS_FIREWALL must be install, verify or off" ;;
esac
prepare_folders
umask 0002
exec_with_runner_capabilities "$@"
