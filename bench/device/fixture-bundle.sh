#!/usr/bin/env bash
# Here (no GPU): packs what bench/device/fixture-check.sh needs on the GPU machine into .carry/, inside the 64 MiB
# that a device call may carry: a slimmed copy of the fat jar (no AMD images, server, chat templates or benchmarks:
# `infer logits` needs none of them), a minimal jlink'd JDK 25 (xz), the fixture models named on the command line
# (default tiny-f16; tiny-f16 and small-q4km together exceed 64 MiB: one call each), xz-compressed, with their
# goldens and the prompts. Then call the device with carry [".carry"] and `bash bench/device/fixture-check.sh`.
# With KERNEL_CHECK=1 it also builds kernels/src/test/cuda/kernel_check.cu with nvcc for sm_90, twice: on the tensor
# cores and with -DINFER_MMA_EMULATE (compat.h's portable tile products), for bench/device/perf-run.sh.
# With FULL=1 the jar keeps everything but the AMD code objects and the JRE gets the modules `infer serve` needs
# (java.desktop for the chat templates, java.management, java.naming, ...), for bench/device/gpu-run.sh.
# With SM90=1 the jar's infer.fatbin holds sm_90 code only (the H100's; a fifth of the size), which makes room for
# the small-q4km fixture next to the harness binaries.
#   usage: [KERNEL_CHECK=1] [FULL=1] [SM90=1] fixture-bundle.sh [tiny-f16] [small-q4km] [none]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. bin/jdk.sh
fixtures=${INFER_FIXTURES:-../shared/fixtures}
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(tiny-f16)
[ -f cli/target/infer.jar ] || mvn -B -q -DskipTests package
rm -rf .carry && mkdir -p .carry/fixtures/models .carry/fixtures/golden .carry/fixtures/prompts
grep -qx '/.carry/' .git/info/exclude 2>/dev/null || echo '/.carry/' >> .git/info/exclude
cp cli/target/infer.jar .carry/infer.jar
modules=java.base,jdk.incubator.vector,jdk.unsupported,java.logging
if [ "${FULL:-0}" = 1 ]; then
  zip -q -d .carry/infer.jar 'io/infer/kernels/*.hsaco' >/dev/null || true
  modules=$modules,java.desktop,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.crypto.ec,jdk.zipfs,jdk.management
else
  zip -q -d .carry/infer.jar 'io/infer/kernels/*.hsaco' 'org/openjdk/jmh/*' 'org/apache/commons/*' 'org/knowm/*' 'de/*' \
    'joptsimple/*' 'kotlin/*' 'io/javalin/*' 'org/eclipse/*' 'META-INF/maven/*' 'com/google/*' 'org/yaml/*' \
    'com/hubspot/*' 'jinjava/*' 'javassist/*' 'jakarta/*' 'javax/*' >/dev/null || true
fi
if [ "${SM90:-0}" = 1 ]; then
  k=$(mktemp -d) && mkdir -p "$k/io/infer/kernels"
  ${NVCC:-nvcc} -x cu -fatbin -O3 -std=c++17 --threads 0 -gencode arch=compute_90,code=sm_90 \
    -o "$k/io/infer/kernels/infer.fatbin" kernels/src/all.hip
  (cd "$k" && zip -q "$OLDPWD/.carry/infer.jar" io/infer/kernels/infer.fatbin) && rm -rf "$k"
fi
tmp=$(mktemp -d)
# uncompressed modules image, then xz: about half the size of jlink's own zip compression
"$JAVA_HOME/bin/jlink" --add-modules "$modules" \
  --strip-debug --no-man-pages --no-header-files --compress=zip-0 --output "$tmp/jre" 2>/dev/null
tar cf - -C "$tmp" jre | xz -6 -T0 > .carry/jre.tar.xz && rm -rf "$tmp"
for n in "${names[@]}"; do
  case $n in
    tiny-f16) file=qwen3-tiny-f16.gguf ;;
    small-q4km) file=qwen3-small-q4km.gguf ;;
    none) continue ;;
    *) echo "unknown fixture $n (tiny-f16, small-q4km)" >&2; exit 2 ;;
  esac
  xz -6 -T0 -c "$fixtures/models/$file" > ".carry/fixtures/models/$n.gguf.xz"
  cp "$fixtures"/golden/"$n".p*.json .carry/fixtures/golden/
  [ "$n" = small-q4km ] && cp "$fixtures"/golden/small-q4km-exact.p*.json .carry/fixtures/golden/
done
cp "$fixtures"/prompts/p*.txt .carry/fixtures/prompts/
if [ "${KERNEL_CHECK:-0}" = 1 ]; then
  nvcc=${NVCC:-nvcc}
  "$nvcc" -O3 -std=c++17 -arch=sm_90 -o .carry/kernel_check kernels/src/test/cuda/kernel_check.cu
  "$nvcc" -O3 -std=c++17 -arch=sm_90 -DINFER_MMA_EMULATE -o .carry/kernel_check_emu kernels/src/test/cuda/kernel_check.cu
fi
du -sh .carry
