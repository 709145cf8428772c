# Sourced by the scripts in scripts/: finds a JDK 25 or newer, as ./mvnw does. POSIX sh.
# After `k6runner_find_jdk`, K6RUNNER_JDK names it (not exported: the caller decides, and the k6 stand-in
# must not pass a JAVA_HOME on to k6's clean environment).

# The JDK's feature version, read from its release file: no JVM start, because the stand-in runs this
# before every k6 run. Falls back to `java -version` for a JDK without one.
k6runner_jdk_major() {
  k6runner_major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)
  if [ -z "$k6runner_major" ] && [ -x "$1/bin/java" ]; then
    k6runner_major=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "${k6runner_major:-0}"
}

# JAVA_HOME when it is 25 or newer, else the first such JDK under /usr/lib/jvm; returns 1 when there is none.
k6runner_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(k6runner_jdk_major "$JAVA_HOME")" -ge 25 ]; then
    K6RUNNER_JDK="$JAVA_HOME"
    return 0
  fi
  for k6runner_candidate in /usr/lib/jvm/*25* /usr/lib/jvm/*2[6-9]*; do
    if [ -x "$k6runner_candidate/bin/java" ] && [ "$(k6runner_jdk_major "$k6runner_candidate")" -ge 25 ]; then
      K6RUNNER_JDK="$k6runner_candidate"
      return 0
    fi
  done
  return 1
}
