#!/usr/bin/env bash
# Nabla against PyTorch, same protocol, same machine, one after the other. First it makes PyTorch a fair
# peer: its dense layers run on whatever libblas.so.3 points to, so OpenBLAS is installed when missing
# (the reference BLAS trains the MLP at about 4k samples/s), and the PyTorch process runs without
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (this machine's environment sets Haswell, which holds OpenBLAS to
# AVX2 kernels). nabla-bench/pytorch/blas_check.py then prints which BLAS and kernels PyTorch got and its
# own GEMM GFLOP/s on the MLP's first layer; below the floor (BLAS_FLOOR, default 60 GFLOP/s) no ratio is
# reported (exit 3; BLAS_FLOOR=0 overrides it on a machine too loaded for the check, and the line says
# what was measured). Nabla's side says its kernels (its own Java GEMM, Vector API width) in its report.
# The PyTorch scripts tell glibc's malloc to keep freed memory (nabla-bench/pytorch/heap.py): as it starts,
# it gave Adam's step temporaries back every step, and the page faults ran PyTorch's Adam rows at a quarter
# of its speed here (./nabla's young-generation cap is Nabla's side of the same care).
#
#   nabla-bench/compare-pytorch.sh                      # the MLP: 3 epochs, threads 1,2
#   nabla-bench/compare-pytorch.sh --model cnn --epochs 2
#   nabla-bench/compare-pytorch.sh --model cnn-bn --epochs 1   # the batch-norm CNN example
#   nabla-bench/compare-pytorch.sh --suite              # the suite: one table, every row, threads 1,2
#   nabla-bench/compare-pytorch.sh --suite --repeat 3 --rows mlp-tanh,inference
#   OUT=runs/bench nabla-bench/compare-pytorch.sh
#
# With --suite, --repeat N runs N rounds, each Nabla's suite then PyTorch's (interleaved, so that a change
# in the machine's load hits both), and the table gives medians and spreads. The JSON reports stay in OUT
# (default: a new temporary directory). Other arguments go to both benchmarks (--model only to nabla).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
python=/usr/bin/python3   # Debian's, where python3-torch installs; a pyenv python3 on PATH has no torch
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"
alt=libblas.so.3-x86_64-linux-gnu
# PyTorch's process only: Nabla's side and this shell keep the environment as it is
torch_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)

if ! "$python" -c 'import torch, numpy' 2>/dev/null; then
  echo "compare-pytorch: $python cannot import torch and numpy; install them with: apt-get install python3-torch" >&2
  exit 1
fi

ensure_openblas() {
  local link
  link="$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 || true)"
  if [[ $link != *openblas* ]]; then
    echo "== libblas.so.3 is $link, not OpenBLAS: installing libopenblas0-pthread" >&2
    if [[ $(id -u) == 0 ]]; then
      apt-get install -y -q libopenblas0-pthread >&2
    elif command -v sudo >/dev/null; then
      sudo apt-get install -y -q libopenblas0-pthread >&2
    else
      echo "compare-pytorch: cannot install OpenBLAS (not root, no sudo): apt-get install libopenblas0-pthread" >&2
      exit 3
    fi
  fi
  echo "== BLAS alternatives (update-alternatives --display $alt):"
  update-alternatives --display "$alt" 2>/dev/null | sed 's/^/   /' || echo "   (update-alternatives has no $alt)"
}

check_blas() {
  local report rc=0
  if [[ -n ${BLAS_FLOOR:-} ]] && (( ${BLAS_FLOOR%.*} < 60 )); then
    echo "== BLAS_FLOOR=$BLAS_FLOOR: the GEMM floor is lowered from 60 GFLOP/s; ratios below may be against a slowed peer"
  fi
  report="$("${torch_env[@]}" "$python" "$root/nabla-bench/pytorch/blas_check.py" --floor "${BLAS_FLOOR:-60}")" || rc=$?
  echo "$report" > "$out/blas.json"
  "$python" - "$out/blas.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"== PyTorch {r['torch']}: BLAS {r['libblas_so_3']}; OpenBLAS core {r['openblas_corename']} ({r['openblas_config']});"
      f" OPENBLAS_* in its environment: {r['env'] or 'none'}")
print(f"== sanity: PyTorch's own GEMM on fc1 ([128, 784] x [784, 256]): "
      + ", ".join(f"{v} GFLOP/s at {t} thread(s)" for t, v in r["fc1_gemm_gflops"].items())
      + f"; floor {r['floor_gflops']}")
PY
  if (( rc != 0 )); then
    echo "compare-pytorch: PyTorch's GEMM is under the floor or held to a core type: no ratios against a crippled peer" >&2
    exit 3
  fi
}

suite=0 repeat=1
script=fashion_mlp.py
torch_args=() nabla_args=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --suite) suite=1 ;;
    --repeat) repeat="${args[i + 1]}"; i=$((i + 1)) ;;
    --model) [[ ${args[i + 1]:-} == cnn ]] && script=fashion_cnn.py
             [[ ${args[i + 1]:-} == cnn-bn ]] && script=fashion_cnn_bn.py
             nabla_args+=(--model "${args[i + 1]}"); i=$((i + 1)) ;;
    --model=*) [[ ${args[i]} == --model=cnn ]] && script=fashion_cnn.py
               [[ ${args[i]} == --model=cnn-bn ]] && script=fashion_cnn_bn.py; nabla_args+=("${args[i]}") ;;
    *) torch_args+=("${args[i]}"); nabla_args+=("${args[i]}") ;;
  esac
done

ensure_openblas
check_blas
echo "== Nabla: its own Java GEMM and kernels (NativeBlas off unless -Dnabla.backend=openblas); see the report's kernels line"
echo

if (( suite )); then
  nabla_reports=() torch_reports=()
  for ((r = 1; r <= repeat; r++)); do
    echo "== round $r/$repeat: Nabla suite (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    "$root/nabla" bench --suite --out "$out/nabla-$r.json" ${nabla_args[@]+"${nabla_args[@]}"} > /dev/null
    echo "== round $r/$repeat: PyTorch suite (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    "${torch_env[@]}" "$python" "$root/nabla-bench/pytorch/suite.py" ${torch_args[@]+"${torch_args[@]}"} > "$out/pytorch-$r.json"
    nabla_reports+=("$out/nabla-$r.json") torch_reports+=("$out/pytorch-$r.json")
  done
  echo
  "$python" "$root/nabla-bench/pytorch/compare_suite.py" --nabla "${nabla_reports[@]}" --torch "${torch_reports[@]}"
  echo "reports: $out"
  exit 0
fi

echo "== load before: $(uptime)"
"$root/nabla" bench --out "$out/nabla.json" ${nabla_args[@]+"${nabla_args[@]}"}
echo "== load between: $(uptime)"
"${torch_env[@]}" "$python" "$root/nabla-bench/pytorch/$script" ${torch_args[@]+"${torch_args[@]}"} > "$out/pytorch.json"
echo "== load after: $(uptime)"
echo
"$python" "$root/nabla-bench/pytorch/compare.py" "$out/nabla.json" "$out/pytorch.json"
echo "reports: $out"
