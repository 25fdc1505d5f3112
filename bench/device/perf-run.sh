#!/usr/bin/env bash
# On the GPU machine, after `bench/device/fixture-bundle.sh` here with KERNEL_CHECK=1 (jar, JRE, kernel_check built
# with and without INFER_MMA_EMULATE): the kernel checks, the tiled-product timings, and `infer bench` / `infer logits`
# on synthesized models. Everything goes to $OUT/perf-run.log.
set -uo pipefail
. bench/device/device-env.sh perf-run.log
infer() { echo "+ infer $*"; $J ${JFLAGS:-} -jar .carry/infer.jar "$@"; }
date -u; git log -1 --format='commit %h %s' 2>/dev/null || true
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
for f in .carry/kernel_check*.xz; do [ -f "$f" ] && xz -dc "$f" > "${f%.xz}" && chmod +x "${f%.xz}"; done
if [ -x .carry/kernel_check ]; then
  echo "== kernel_check (tensor cores)"; .carry/kernel_check --no-timing | grep -E "gemm|FAIL|failure"
  if [ -x .carry/kernel_check_emu ]; then
    echo "== kernel_check (INFER_MMA_EMULATE: the AMD path)"; .carry/kernel_check_emu --no-timing | grep -E "gemm|FAIL|failure"
  fi
  echo "== tiled-product timings"; .carry/kernel_check ${GEMM_TIMING:---gemm-timing}
fi
infer synth --preset small -o /tmp/m/small.gguf --seed 7 > /dev/null
infer synth --preset qwen3-8b-q4_k_m -o /tmp/m/q8b.gguf --seed 7 > /dev/null
python3 -c "print(' '.join(['The quick brown fox jumps over the lazy dog, %d times.' % i for i in range(40)]))" > /tmp/m/long.txt
for m in ${LOGITS_MODELS:-small q8b}; do
  infer logits -m /tmp/m/$m.gguf --file /tmp/m/long.txt --backend cpu -o "$OUT/$m-cpu.json" > /dev/null
  infer logits -m /tmp/m/$m.gguf --file /tmp/m/long.txt --backend gpu -o "$OUT/$m-gpu.json" > /dev/null
  python3 bench/device/compare_logits.py "$OUT/$m-gpu.json" "$OUT/$m-cpu.json" --rel 0.04
done
infer bench -m /tmp/m/q8b.gguf --backend gpu ${PP_ARGS:--p 512,2048 -n 128 -r 3}
infer bench -m /tmp/m/q8b.gguf --backend gpu --batch ${BATCHES:-1,4,8,9,16,32} -n 128 -r 2
if [ -f .carry/junit.jar ]; then
  echo "== GPU tests (runtime-hip) on the synthesized small model"
  $J -Dinfer.gpu.testModels=/tmp/m/small.gguf -jar .carry/junit.jar execute -cp .carry/infer.jar:.carry/test-classes \
    --select-class io.infer.hip.gpu.GpuForwardPassTest --disable-banner --details=tree 2>&1 | grep -vE "^\s*$" | tail -40
fi
