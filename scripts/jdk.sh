# Sourced by ./stepwise and ./build: finds a JDK >= 21 and exports JAVA_HOME.
# Order: $JAVA_HOME, the java on PATH, then every JDK under /usr/lib/jvm (newest first).
# The JDK's release file when it has one (every JDK since 9 does): starting a JVM to ask costs ~0.1-0.3 s per call.
stepwise_java_major() {
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9.]*\).*"$/\1/p' "$1/release" 2>/dev/null | head -n1)
  if [ -n "$v" ]; then echo "$v"; return; fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}
stepwise_find_jdk() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(stepwise_java_major "$c")
    if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ] 2>/dev/null; then
      echo "$c"; return 0
    fi
  done
  return 1
}
if ! STEPWISE_JDK=$(stepwise_find_jdk); then
  echo "stepwise: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm). Install one, e.g. apt-get install openjdk-21-jdk-headless." >&2
  exit 3
fi
export JAVA_HOME="$STEPWISE_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
