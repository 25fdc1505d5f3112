#!/usr/bin/env bash
# On the GPU machine: `infer bench` of two builds in one call, alternating, on the synthesized 8B Q4_K_M file, so that
# both see the same card, clocks and model file. "new" is .carry/infer.jar; "old" is the same jar with the classes and
# kernel images of .carry/oldfb.tar.xz in front on the class path (made here: unzip the old jar's io/infer/hip/gpu
# classes and io/infer/kernels/index.txt into a folder, add the old sources' sm_90 infer.fatbin, tar | xz).
# RUN_ARGS, when set, adds `infer run -m <the 8B file> $RUN_ARGS` after each bench (its speed line and wall time);
# RUN_ARGS2 a second such run.
#   usage: [ROUNDS=2] [BENCH_ARGS="-p 64 -n 128 -d 0,4096 -r 3"] [RUN_ARGS="..."] [RUN_ARGS2="..."] ab-bench.sh
set -uo pipefail
. bench/device/device-env.sh ab-bench.log
mkdir -p /tmp/oldfb && xz -dc .carry/oldfb.tar.xz | tar xf - -C /tmp/oldfb
date -u
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
[ -f /tmp/m/q8b.gguf ] || $J -jar .carry/infer.jar synth --preset qwen3-8b-q4_k_m -o /tmp/m/q8b.gguf --seed 7 > /dev/null
args=${BENCH_ARGS:--p 64 -n 128 -d 0,4096 -r 3}
runs() {  # $1: old or new, then the java arguments before the command
  local which=$1
  shift
  for r in "${RUN_ARGS:-}" "${RUN_ARGS2:-}"; do
    [ -n "$r" ] || continue
    echo "+ $which: infer run $r"
    local t0=$(date +%s%N)
    "$@" run -m /tmp/m/q8b.gguf $r 2>&1 >/dev/null | grep -v '^\s*$'
    echo "wall $(( ($(date +%s%N) - t0) / 1000000 )) ms"
  done
}
for round in $(seq "${ROUNDS:-2}"); do
  echo "== round $round: old"
  $J -cp /tmp/oldfb:.carry/infer.jar io.infer.cli.Main bench -m /tmp/m/q8b.gguf --backend gpu $args 2>&1 | grep -v '^\s*$'
  runs old $J -cp /tmp/oldfb:.carry/infer.jar io.infer.cli.Main
  echo "== round $round: new"
  $J -jar .carry/infer.jar bench -m /tmp/m/q8b.gguf --backend gpu $args 2>&1 | grep -v '^\s*$'
  runs new $J -jar .carry/infer.jar
done
