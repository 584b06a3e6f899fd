#!/usr/bin/env bash
# Runs Nabla's JMH benchmarks: finds a JDK >= 25 (bin/find-jdk.sh), builds
# nabla-bench (and nabla-core) with ./mvnw when nabla-bench/target/nabla-bench.jar
# is missing or older than a pom.xml or a file under nabla-core/src or
# nabla-bench/src, then runs org.openjdk.jmh.Main with every argument forwarded.
#
#   nabla-bench/run-jmh.sh -l                                   # list benchmarks
#   nabla-bench/run-jmh.sh GemmBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
#   nabla-bench/run-jmh.sh GemmBenchmark -p problem=SQUARE_1024 -p kernel=vector,scalar
#   nabla-bench/run-jmh.sh TrainingStepBenchmark -p threads=1,0 -rf json -rff step.json
#   nabla-bench/run-jmh.sh -h                                   # JMH's own options
#
# GemmBenchmark's secondary result gemm:gflop is in GFLOP/s. JMH's forks inherit
# this JVM's options (the Vector API module included); NABLA_JAVA_OPTS adds more.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
# shellcheck source=bin/find-jdk.sh
source "$root/bin/find-jdk.sh"
target="$root/nabla-bench/target"
jar="$target/nabla-bench.jar"

# Succeeds, printing why, if the benchmarks jar must be (re)built.
bench_needs_build() {
  if [[ ! -f $jar || ! -d $target/lib ]]; then echo missing; return 0; fi
  local newer
  newer="$(find "$root"/nabla-core/src "$root"/nabla-bench/src "$root"/pom.xml \
    "$root"/nabla-core/pom.xml "$root"/nabla-bench/pom.xml -newer "$jar" -print -quit 2>/dev/null || true)"
  if [[ -z $newer ]]; then return 1; fi
  echo "stale: $newer"
}

# Packages nabla-core and nabla-bench (JMH's annotation processor writes
# META-INF/BenchmarkList into the jar; copy-dependencies fills target/lib),
# then stamps the jar with the build's start time, as ./nabla does.
bench_build() {
  echo "run-jmh: building nabla-bench ($1)..." >&2
  local stamp rc=0
  stamp="$(mktemp)"
  (cd "$root" && ./mvnw -q -B -DskipTests package -pl nabla-bench -am) >&2 || rc=$?
  touch -c -r "$stamp" "$jar"
  rm -f "$stamp"
  if (( rc != 0 )) || [[ ! -f $jar ]]; then
    echo "run-jmh: build failed; see the output above, or run: (cd $root && ./mvnw -B -DskipTests package -pl nabla-bench -am)" >&2
    exit $(( rc != 0 ? rc : 1 ))
  fi
}

main() {
  JAVA_HOME="$(nabla_find_jdk)" || exit 1
  export JAVA_HOME
  local reason opts=()
  if reason="$(bench_needs_build)"; then bench_build "$reason"; fi
  read -ra opts <<< "${NABLA_JAVA_OPTS:-}"
  # JMH 1.37 reads fields through sun.misc.Unsafe, which JDK 24+ warns about unless allowed.
  exec "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC \
    --sun-misc-unsafe-memory-access=allow "${opts[@]}" \
    -cp "$jar:$target/lib/*" org.openjdk.jmh.Main "$@"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main "$@"; fi
