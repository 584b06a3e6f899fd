#!/usr/bin/env bash
# Fuzzes the file readers with Jazzer for a fixed time budget each, one JVM per reader, with a 512 MB heap
# (so a reader that allocates from an unchecked size fails as an OutOfMemoryError finding).
#
#   nabla-core/fuzz.sh                 # every harness, 2 minutes each
#   nabla-core/fuzz.sh 30s npy csv     # a budget, then the harnesses to run
#
# Harnesses: safetensors idx csv npy npz spec json (see src/test/java/dev/nabla/fuzz/FuzzTargets.java).
# Seeds and findings live in src/test/resources/dev/nabla/fuzz/ReaderFuzzTestInputs/<harness>/; a crashing
# input is written there as crash-<sha1> and, once committed, is replayed by FuzzCorpusTest in every build.
# The corpus the fuzzer grows is kept in nabla-core/.cifuzz-corpus/ (not committed) to resume from.
# Logs: nabla-core/target/fuzz/<harness>.log. Exit status 1 if any harness had a finding.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
budget="${1:-2m}"
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=(safetensors idx csv npy npz spec json)

mkdir -p "$here/target/fuzz"
"$root/mvnw" -B -q -pl nabla-core -Pfuzz test-compile -f "$root/pom.xml" || exit 2

status=0
summary=()
for h in "${harnesses[@]}"; do
  log="$here/target/fuzz/$h.log"
  echo "fuzzing $h for $budget (log: $log)"
  before="$(ls "$here/src/test/resources/dev/nabla/fuzz/ReaderFuzzTestInputs/$h" | sort)"
  (cd "$root" && JAZZER_FUZZ=1 ./mvnw -B -pl nabla-core -Pfuzz surefire:test \
      -Dtest="ReaderFuzzTest#$h" -Djazzer.max_duration="$budget" -Dsurefire.failIfNoSpecifiedTests=false) >"$log" 2>&1
  rc=$?
  after="$(ls "$here/src/test/resources/dev/nabla/fuzz/ReaderFuzzTestInputs/$h" | sort)"
  # libFuzzer ends a clean run with "Done N runs in S second(s)"; after a finding, the last "#N" status line
  # is the closest count it printed
  runs="$(grep -oE '^Done [0-9]+ runs' "$log" | tail -1 | awk '{print $2}')"
  [ -z "$runs" ] && runs="~$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')"
  new="$(comm -13 <(echo "$before") <(echo "$after") | tr '\n' ' ')"
  findings="$(grep -c '^== Java Exception' "$log")"
  if [ "$findings" -gt 0 ] || [ -n "$new" ]; then
    result="findings: $findings${new:+ (new inputs: $new)}"
    status=1
  elif [ $rc -ne 0 ]; then
    result="ERROR: the run failed without a finding, see the log"
    status=1
  else
    result="findings: 0"
  fi
  summary+=("$(printf '%-12s executions: %-10s %s' "$h" "${runs:-?}" "$result")")
done
echo
echo "== fuzzing summary (budget $budget per harness)"
printf '%s\n' "${summary[@]}"
exit $status
