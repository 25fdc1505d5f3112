#!/usr/bin/env bash
# On the GPU machine (after bench/device/fixture-bundle.sh here): `infer logits --backend gpu` on the tiny fixture and
# every prompt, compared with llama.cpp's golden files, and with the CPU backend on the same machine.
# tiny-f16 runs the GPU's exact (F16 weight, F32 activation) kernels: tolerance 0.1 absolute, as for the CPU here.
set -uo pipefail
OUT=${OUT:-/tmp/out}
mkdir -p "$OUT" /tmp/fx
exec > >(tee "$OUT/fixture-check.log") 2>&1
tar xzf .carry/jre.tgz -C /tmp
xz -dc .carry/fixtures/models/qwen3-tiny-f16.gguf.xz > /tmp/fx/qwen3-tiny-f16.gguf
J="/tmp/jre/bin/java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -jar .carry/infer.jar"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
status=0
for p in p1 p2 p3 p4; do
  for b in gpu cpu; do
    $J logits -m /tmp/fx/qwen3-tiny-f16.gguf --file .carry/fixtures/prompts/$p.txt --backend $b -o "$OUT/tiny-f16.$p.$b.json"
  done
  python3 bench/device/compare_logits.py "$OUT/tiny-f16.$p.gpu.json" .carry/fixtures/golden/tiny-f16.$p.json --abs 0.1 || status=1
  python3 bench/device/compare_logits.py "$OUT/tiny-f16.$p.gpu.json" "$OUT/tiny-f16.$p.cpu.json" --abs 0.02 || status=1
done
exit $status
