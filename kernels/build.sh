#!/usr/bin/env bash
# Builds the kernels of src/all.hip for every supported GPU into one directory (default
# target/classes/io/infer/kernels, so they are packed into the kernels jar):
#   infer.fatbin          NVIDIA: SASS for sm_80, sm_86, sm_89, sm_90 and PTX for compute_80 (JIT on newer GPUs)
#   infer-gfxNNNN.hsaco   AMD: one code object per RDNA target (wave32)
#   index.txt             "file NAME VENDOR TARGET..." per code object ("file infer.fatbin nvidia sm_80 ... compute_80"),
#                         "kernel NAME" per kernel symbol, '#' comments
# A missing compiler skips its vendor with a warning, unless INFER_REQUIRE_KERNELS=1 (CI), which makes it fail.
# Outputs are rebuilt only when the sources, this script or the compilers change (a stamp file records them).
#
# Environment: NVCC (default: nvcc on PATH, else /usr/local/cuda/bin/nvcc), HIP_CLANG (default clang-19),
# INFER_KERNEL_JOBS (parallel AMD compiles, default: number of cores).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/src"
out="${1:-$here/target/classes/io/infer/kernels}"
require="${INFER_REQUIRE_KERNELS:-0}"

SM_ARCHS=(80 86 89 90)
PTX_ARCH=80
GFX_ARCHS=(gfx1150 gfx1151 gfx1100 gfx1101 gfx1102 gfx1200 gfx1201)

warn() {
    printf '\n*** WARNING (kernels/build.sh): %s ***\n\n' "$*" >&2
}
fail_or_warn() {
    if [[ "$require" == "1" ]]; then
        echo "kernels/build.sh: $* (INFER_REQUIRE_KERNELS=1)" >&2
        exit 1
    fi
    warn "$*"
}

nvcc_bin="${NVCC:-}"
if [[ -z "$nvcc_bin" ]]; then
    nvcc_bin="$(command -v nvcc || true)"
    [[ -z "$nvcc_bin" && -x /usr/local/cuda/bin/nvcc ]] && nvcc_bin=/usr/local/cuda/bin/nvcc
fi
clang_bin="${HIP_CLANG:-clang-19}"
command -v "$clang_bin" >/dev/null 2>&1 || clang_bin=""

mkdir -p "$out"
# Kept outside the output directory so it is not packed into the jar.
stamp_file="$here/target/kernels.stamp"
mkdir -p "$(dirname "$stamp_file")"

# The stamp: sources, this script and the compiler versions. Equal stamp and all outputs present: nothing to do.
stamp_now="$(
    {
        echo "$out"
        cat "$here/build.sh" "$src"/*.h "$src"/*.hip
        [[ -n "$nvcc_bin" ]] && "$nvcc_bin" --version
        [[ -n "$clang_bin" ]] && "$clang_bin" --version
    } | sha256sum | cut -d' ' -f1
)"
outputs_present() {
    [[ -f "$out/index.txt" ]] || return 1
    if [[ -n "$nvcc_bin" ]]; then [[ -f "$out/infer.fatbin" ]] || return 1; fi
    if [[ -n "$clang_bin" ]]; then
        for gfx in "${GFX_ARCHS[@]}"; do [[ -f "$out/infer-$gfx.hsaco" ]] || return 1; done
    fi
}
if [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp_now" ]] && outputs_present; then
    [[ -z "$nvcc_bin" ]] && fail_or_warn "nvcc not found: no NVIDIA kernels (infer.fatbin) in this build"
    [[ -z "$clang_bin" ]] && fail_or_warn "clang-19 not found: no AMD kernels (infer-gfx*.hsaco) in this build"
    echo "kernels/build.sh: kernels up to date in $out"
    exit 0
fi
rm -f "$stamp_file" "$out/.stamp" "$out/index.txt" "$out"/infer.fatbin "$out"/infer-gfx*.hsaco

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
index="$tmp/index.txt"
{
    echo "# infer GPU kernels, built by kernels/build.sh from src/all.hip"
    echo "# source stamp $stamp_now"
} >"$index"

# ---------------------------------------------------------------------------------------------------- NVIDIA
if [[ -n "$nvcc_bin" ]]; then
    gencode=()
    for sm in "${SM_ARCHS[@]}"; do gencode+=(-gencode "arch=compute_$sm,code=sm_$sm"); done
    gencode+=(-gencode "arch=compute_$PTX_ARCH,code=compute_$PTX_ARCH")
    echo "kernels/build.sh: nvcc -> infer.fatbin (sm_${SM_ARCHS[*]// /, sm_} + compute_$PTX_ARCH PTX)"
    # Uncompressed, so the image test can read the symbols of every embedded ELF without CUDA tools.
    "$nvcc_bin" -x cu -fatbin -O3 -std=c++17 --no-compress --threads 0 -Xptxas -warn-spills "${gencode[@]}" \
        -o "$tmp/infer.fatbin" "$src/all.hip"
    cp "$tmp/infer.fatbin" "$out/infer.fatbin"
    {
        printf 'file infer.fatbin nvidia'
        for sm in "${SM_ARCHS[@]}"; do printf ' sm_%s' "$sm"; done
        printf ' compute_%s\n' "$PTX_ARCH"
    } >>"$index"
    # The PTX names every entry point.
    grep -aoE '\.visible \.entry infer_[A-Za-z0-9_]+' "$tmp/infer.fatbin" | awk '{print $3}' | sort -u >"$tmp/nvidia.syms"
else
    fail_or_warn "nvcc not found: building without NVIDIA kernels (infer.fatbin)"
fi

# ---------------------------------------------------------------------------------------------------- AMD
if [[ -n "$clang_bin" ]]; then
    readelf_bin="$(command -v llvm-readelf-19 || command -v llvm-readelf || true)"
    jobs="${INFER_KERNEL_JOBS:-$(nproc)}"
    echo "kernels/build.sh: $clang_bin -> infer-gfx*.hsaco (${GFX_ARCHS[*]}), $jobs at a time"
    pids=()
    for gfx in "${GFX_ARCHS[@]}"; do
        # ROCm-free device-only build: compat.h supplies what the HIP headers would. Raw ELF, no offload bundle.
        "$clang_bin" -x hip --offload-arch="$gfx" -nogpulib -nogpuinc --offload-device-only --no-gpu-bundle-output \
            -O3 -std=c++17 -Werror=return-type -o "$tmp/infer-$gfx.hsaco" "$src/all.hip" 2>"$tmp/$gfx.log" &
        pids+=($!)
        if ((${#pids[@]} >= jobs)); then
            wait "${pids[0]}" || { cat "$tmp"/*.log >&2; echo "kernels/build.sh: clang failed" >&2; exit 1; }
            pids=("${pids[@]:1}")
        fi
    done
    for pid in "${pids[@]}"; do
        wait "$pid" || { cat "$tmp"/*.log >&2; echo "kernels/build.sh: clang failed" >&2; exit 1; }
    done
    for gfx in "${GFX_ARCHS[@]}"; do
        cp "$tmp/infer-$gfx.hsaco" "$out/infer-$gfx.hsaco"
        echo "file infer-$gfx.hsaco amd $gfx" >>"$index"
        if [[ -n "$readelf_bin" ]]; then
            "$readelf_bin" --syms "$tmp/infer-$gfx.hsaco" | awk '$4 == "FUNC" && $8 ~ /^infer_/ {print $8}' >>"$tmp/amd.syms"
        fi
    done
else
    fail_or_warn "clang-19 not found: building without AMD kernels (infer-gfx*.hsaco)"
fi

# ---------------------------------------------------------------------------------------------------- index
cat "$tmp"/*.syms 2>/dev/null | sort -u | sed 's/^/kernel /' >>"$index"
cp "$index" "$out/index.txt"
echo "$stamp_now" >"$stamp_file"
echo "kernels/build.sh: $(grep -c '^kernel ' "$out/index.txt") kernels, $(grep -c '^file ' "$out/index.txt") files in $out"
