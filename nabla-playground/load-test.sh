#!/usr/bin/env bash
# The playground's load test: N tabs (default 20) training for S seconds (default 60) on loopback; prints the
# p99 of a state frame's latency, the gaps between frames, the API's round trip, errors and heap. Builds first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bin/find-jdk.sh
JAVA_HOME="$(nabla_find_jdk)"
export JAVA_HOME
./mvnw -B -q -pl nabla-playground -am test-compile -DskipTests
./mvnw -B -q -pl nabla-playground dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/load-cp.txt >/dev/null
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -Xmx1g \
  -cp "nabla-playground/target/test-classes:nabla-playground/target/classes:nabla-core/target/classes:$(cat nabla-playground/target/load-cp.txt)" \
  dev.nabla.playground.PlaygroundLoad "${1:-20}" "${2:-60}" 2>&1 | grep -v -e '^WARNING: Using incubator' -e 'INFO' -e '^[A-Z][a-z][a-z] [0-9]'
