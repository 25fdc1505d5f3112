#!/usr/bin/env bash
# Here (no GPU): packs what bench/device/fixture-check.sh needs on the GPU machine into .carry/, inside the 64 MiB
# that a device call may carry: a slimmed copy of the fat jar (no AMD images, server, chat templates or benchmarks:
# `infer logits` needs none of them), a minimal jlink'd JDK 25, the tiny fixture xz-compressed, its goldens and prompts.
# Then call the device with carry [".carry"] and the command `bash bench/device/fixture-check.sh`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. bin/jdk.sh
fixtures=${INFER_FIXTURES:-../shared/fixtures}
[ -f cli/target/infer.jar ] || mvn -B -q -DskipTests package
rm -rf .carry && mkdir -p .carry/fixtures/models .carry/fixtures/golden .carry/fixtures/prompts
grep -qx '/.carry/' .git/info/exclude 2>/dev/null || echo '/.carry/' >> .git/info/exclude
cp cli/target/infer.jar .carry/infer.jar
zip -q -d .carry/infer.jar 'io/infer/kernels/*.hsaco' 'org/openjdk/jmh/*' 'org/apache/commons/*' 'org/knowm/*' 'de/*' \
  'joptsimple/*' 'kotlin/*' 'io/javalin/*' 'org/eclipse/*' 'META-INF/maven/*' 'com/google/*' 'org/yaml/*' \
  'com/hubspot/*' 'jinjava/*' 'javassist/*' >/dev/null || true
tmp=$(mktemp -d)
"$JAVA_HOME/bin/jlink" --add-modules java.base,jdk.incubator.vector,java.management,java.logging,jdk.unsupported \
  --strip-debug --no-man-pages --no-header-files --compress=zip-9 --output "$tmp/jre" 2>/dev/null
tar czf .carry/jre.tgz -C "$tmp" jre && rm -rf "$tmp"
xz -9 -T0 -c "$fixtures/models/qwen3-tiny-f16.gguf" > .carry/fixtures/models/qwen3-tiny-f16.gguf.xz
cp "$fixtures"/golden/tiny-f16.p*.json .carry/fixtures/golden/
cp "$fixtures"/prompts/p*.txt .carry/fixtures/prompts/
du -sh .carry
