#!/usr/bin/env bash
# On the GPU machine (after `FULL=1 bench/device/fixture-bundle.sh none` here): `infer serve` on the synthesized 8B
# with 32 parallel slots under concurrent clients (bench/device/serve_load.py), greedy and sampled.
set -uo pipefail
. bench/device/device-env.sh serve-run.log
date -u; nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
$J -jar .carry/infer.jar synth --preset qwen3-8b-q4_k_m -o /tmp/m/q8b.gguf --seed 7 | tail -1
$J -jar .carry/infer.jar serve -m /tmp/m/q8b.gguf --port 8080 --parallel 32 > "$OUT/serve.log" 2>&1 &
server=$!
for i in $(seq 1 90); do curl -sf localhost:8080/health >/dev/null && break; kill -0 $server 2>/dev/null || break; sleep 1; done
python3 bench/device/serve_load.py http://localhost:8080 32 128 0
python3 bench/device/serve_load.py http://localhost:8080 32 128 0.8
python3 bench/device/serve_load.py http://localhost:8080 32 128 0.8
python3 bench/device/serve_load.py http://localhost:8080 8 128 0.8
kill $server
timeout 30 tail --pid=$server -f /dev/null
