#!/usr/bin/env bash
# The GPU machine's part of a release check: run from the repo root there, with .carry from
# `FULL=1 bench/device/fixture-bundle.sh none` (jre.tar.xz with the server's modules, infer.jar without AMD objects)
# and optionally junit.jar (junit-platform-console-standalone) + test-classes/ (runtime-hip's).
# Everything it prints goes to $OUT/gpu-run.log.
set -uo pipefail
. bench/device/device-env.sh gpu-run.log
infer() { echo "+ infer $*"; $J -jar .carry/infer.jar "$@"; }
date -u; git log -1 --format='commit %h %s' 2>/dev/null || true
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader

infer synth --preset tiny -o /tmp/m/tiny.gguf --seed 7
infer synth --preset small -o /tmp/m/small.gguf --seed 7
infer synth --preset qwen3-8b-q4_k_m -o /tmp/m/q8b.gguf --seed 7
infer info -m /tmp/m/q8b.gguf

# correctness: GPU against the CPU reference on the same file and prompt
printf 'The quick brown fox jumps over the lazy dog. 你好，世界！<|im_start|>user\nWhy is the sky blue?<|im_end|>\n' > /tmp/m/p.txt
for m in tiny small; do
  infer logits -m /tmp/m/$m.gguf --file /tmp/m/p.txt --backend cpu -o "$OUT/$m-cpu.json"
  infer logits -m /tmp/m/$m.gguf --file /tmp/m/p.txt --backend gpu -o "$OUT/$m-gpu.json"
  python3 bench/device/compare_logits.py "$OUT/$m-gpu.json" "$OUT/$m-cpu.json" --rel 0.04
done

# speed, as a user runs it
infer bench -m /tmp/m/q8b.gguf --backend gpu -p 512,2048,4096 -n 128 -d 0,4096 -r 3
infer bench -m /tmp/m/q8b.gguf --backend gpu --batch 1,4,8,16,32 -n 128 -r 3
infer run -m /tmp/m/q8b.gguf -p "The history of the Roman Empire" -n 256 --temp 0.8 --seed 1 > /dev/null
infer run -m /tmp/m/q8b.gguf -p "The history of the Roman Empire" -n 256 --temp 0 > /dev/null

# the server on the GPU, driven with curl, then 32 concurrent clients (greedy: token ids only come back; sampled)
$J -jar .carry/infer.jar serve -m /tmp/m/q8b.gguf --port 8080 --parallel 32 > "$OUT/serve.log" 2>&1 &
server=$!
for i in $(seq 1 90); do curl -sf localhost:8080/health >/dev/null && break; kill -0 $server 2>/dev/null || break; sleep 1; done
if kill -0 $server 2>/dev/null; then
  curl -s localhost:8080/v1/completions -d '{"prompt":"Once upon a time","max_tokens":512,"temperature":0.8}' \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print("completion_tokens", d["usage"]["completion_tokens"], "predicted_per_second", d["timings"]["predicted_per_second"])'
  curl -s localhost:8080/api/generate -d '{"model":"q8b","prompt":"Why is the sky blue?","stream":false,"options":{"num_predict":256}}' \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print("eval_count", d.get("eval_count"), "eval_duration", d.get("eval_duration"), d.get("error",""))'
  python3 bench/device/serve_load.py http://localhost:8080 32 128 0
  python3 bench/device/serve_load.py http://localhost:8080 32 128 0.8
  python3 bench/device/serve_load.py http://localhost:8080 8 128 0
  kill $server
  timeout 30 tail --pid=$server -f /dev/null
else
  echo "the server did not start:"; tail -5 "$OUT/serve.log"
fi

if [ -f .carry/junit.jar ]; then
  $J -Dinfer.gpu.testModels=/tmp/m/small.gguf -jar .carry/junit.jar execute \
    -cp .carry/infer.jar:.carry/test-classes --select-package io.infer.hip --disable-banner --details=tree 2>&1 \
    | grep -vE "^\s*$" | tail -60
fi
