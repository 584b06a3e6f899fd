#!/usr/bin/env bash
# Issue 19 on a lent GPU machine (no JDK, no Maven): the CUDA tests (DeviceCheck), then `nabla bench
# --device cuda` at batch 128 and 8192 and PyTorch eager's same protocol in the same run
# (nabla-bench/pytorch/fashion_mlp_cuda.py). Results go under $OUT. Fails fast, saying why, without a GPU.
#
# Prepare gpu-run/ on the build machine with nabla-cuda/stage-device-run.sh, then run
#   STAGE=smoke|all bash nabla-cuda/device-check.sh     (carry: gpu-run; G=, DATA=, JRE= to stage elsewhere)
set -u
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
G=${G:-gpu-run}                      # the staged jars and classes (stage-device-run.sh)
DATA=${DATA:-$G/data}; JRE=${JRE:-$G/jre.tar.xz}
TORCH_SCRIPT=${TORCH_SCRIPT:-nabla-bench/pytorch/fashion_mlp_cuda.py}
STAGE=${STAGE:-all}
log() { echo "[$(date +%T)] $*" | tee -a "$OUT/log.txt"; }
if ! command -v nvidia-smi >/dev/null || ! nvidia-smi -L > "$OUT/gpus.txt" 2>&1; then
  log "no GPU here: nvidia-smi missing or failing ($(cat "$OUT/gpus.txt" 2>/dev/null | head -1)); the CUDA check needs one"
  exit 3
fi
log "GPU: $(head -1 "$OUT/gpus.txt")"
[ -x /tmp/jre/bin/java ] || tar -C /tmp -xJf "$JRE" || { log "cannot unpack $JRE"; exit 4; }
J=/tmp/jre/bin/java
O="--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -Dnabla.cuda.cache=$OUT/kernel-cache"
CP="$G/app/nabla-cli.jar:$G/app/lib/*"
TCP="$G/test-classes:$G/testlib/*:$CP"
find / -xdev \( -name 'libcudart.so*' -o -name 'libcublas.so*' -o -name 'libnvrtc.so*' -o -name 'libcuda.so.1' \) 2>/dev/null \
  | head -20 > "$OUT/libraries-found-by-find.txt"
PY=python3; for p in python3 /usr/bin/python3 /opt/conda/bin/python; do $p -c 'import torch' 2>/dev/null && { PY=$p; break; }; done

log "tests"; s=$(date +%s)
timeout ${TEST_TIMEOUT:-240} "$J" $O -cp "$TCP" dev.nabla.cuda.DeviceCheck > "$OUT/tests.txt" 2>&1
log "tests rc=$? in $(( $(date +%s) - s ))s: $(tail -1 "$OUT/tests.txt")"

bench() {  # batch epochs warmup-steps [name extra-jvm-option]
  s=$(date +%s)
  timeout ${BENCH_TIMEOUT:-150} "$J" $O ${5:-} -cp "$CP" dev.nabla.cli.Main bench --device cuda --threads 1 --batch "$1" --epochs "$2" \
    --warmup-steps "$3" --latency-warmup 2000 --latency-samples 1000 --data "$DATA" --json --out "$OUT/nabla-$1${4:-}.json" \
    > "$OUT/nabla-$1${4:-}.txt" 2>&1
  log "nabla bench batch $1${4:-} rc=$? in $(( $(date +%s) - s ))s: $(grep -o '"best_samples_per_s": [0-9.]*' "$OUT/nabla-$1${4:-}.json")"
}
log "nabla train --device cuda (the bundled digits spec)"; s=$(date +%s)
SPEC=${SPEC:-examples/digits.json}; [ -f "$SPEC" ] || SPEC=$G/digits.json
timeout 120 "$J" $O -cp "$CP" dev.nabla.cli.Main train "$SPEC" --device cuda --out "$OUT/digits-run" --no-plots -q --json \
  > "$OUT/train-digits.json" 2> "$OUT/train-digits.err"
log "train rc=$? in $(( $(date +%s) - s ))s: $(head -c 300 "$OUT/train-digits.json") $(tail -2 "$OUT/train-digits.err")"
rm -rf "$OUT/digits-run"
if [ "$STAGE" = smoke ]; then
  bench 128 2 100
  exit 0
fi
bench 128 ${EPOCHS_128:-5} 1000
bench 8192 ${EPOCHS_8192:-12} 30
bench 8192 ${EPOCHS_8192:-12} 30 -tf32 -Dnabla.cuda.tf32=true
log "pytorch ($PY)"; s=$(date +%s)
timeout ${TORCH_TIMEOUT:-200} $PY "$TORCH_SCRIPT" --data "$DATA" --batches 128,8192 --epochs 4 \
  > "$OUT/torch.json" 2> "$OUT/torch.txt"
log "pytorch rc=$? in $(( $(date +%s) - s ))s"
