#!/usr/bin/env bash
# Nabla against PyTorch on the Fashion-MNIST MLP (or, with --model cnn, the example CNN), same
# protocol, same machine, one after the other: `nabla bench` (its tables), then
# nabla-bench/pytorch/fashion_mlp.py (fashion_cnn.py) with Debian's python3-torch, then the ratios
# against the targets (nabla-bench/pytorch/compare.py). The JSON reports stay in OUT (default: a new
# temporary directory). Arguments go to both benchmarks (--model only to nabla; it picks the script).
#
#   nabla-bench/compare-pytorch.sh                      # 3 epochs, threads 1,2
#   nabla-bench/compare-pytorch.sh --model cnn --epochs 2
#   nabla-bench/compare-pytorch.sh --epochs 5 --threads 1,2,4
#   OUT=runs/bench nabla-bench/compare-pytorch.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
python=/usr/bin/python3   # Debian's, where python3-torch installs; a pyenv python3 on PATH has no torch
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"

if ! "$python" -c 'import torch, numpy' 2>/dev/null; then
  echo "compare-pytorch: $python cannot import torch and numpy; install them with: apt-get install python3-torch" >&2
  exit 1
fi

script=fashion_mlp.py
torch_args=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --model) [[ ${args[i + 1]:-} == cnn ]] && script=fashion_cnn.py; i=$((i + 1)) ;;
    --model=cnn) script=fashion_cnn.py ;;
    --model=*) ;;
    *) torch_args+=("${args[i]}") ;;
  esac
done

echo "== load before: $(uptime)"
"$root/nabla" bench --out "$out/nabla.json" "$@"
echo "== load between: $(uptime)"
"$python" "$root/nabla-bench/pytorch/$script" ${torch_args[@]+"${torch_args[@]}"} > "$out/pytorch.json"
echo "== load after: $(uptime)"
echo
"$python" "$root/nabla-bench/pytorch/compare.py" "$out/nabla.json" "$out/pytorch.json"
echo "reports: $out/nabla.json $out/pytorch.json"
