package io.infer.hip.gpu;

import io.infer.hip.driver.Kernel;
import io.infer.hip.driver.KernelArgs;
import io.infer.hip.driver.Module;
import io.infer.hip.driver.Stream;
import io.infer.tensor.GgmlType;
import java.lang.foreign.Arena;
import java.util.EnumMap;
import java.util.Map;

/**
 * Typed launchers for the kernels of kernels/src, one method per family. Each method writes the family's parameter
 * struct (field order as in the .hip file) and decides the launch geometry, so grid and block sizes live here and
 * nowhere else. All addresses are device addresses. Launches go to one stream and allocate nothing.
 */
final class GpuKernels {

    /** Columns (activation vectors) one matrix-vector launch handles; more take several launches. */
    static final int MATVEC_MAX_BATCH = 8;
    /** Rows per matrix-vector block: MV_ROWS_PER_BLOCK in matvec.hip (4 warps of 2 rows). */
    private static final int MATVEC_ROWS_PER_BLOCK = 8;
    /** Threads of an RMSNorm block (NORM_THREADS in norm.hip); each holds up to 16 values of the row. */
    private static final int NORM_THREADS = 1024;
    /** Longest row the RMSNorm kernel takes. */
    static final int NORM_MAX_COLS = 16 * NORM_THREADS;
    /** Most key chunks per (token, kv head) the attention combine takes (ATT_MAX_SPLIT). */
    static final int ATTENTION_MAX_SPLIT = 64;
    /** Fewest keys per chunk of a decode token (ATT_MIN_CHUNK): more chunks than len / this stay empty. */
    static final int ATTENTION_MIN_DECODE_CHUNK = 128;
    /** Most threads of an attention combine block (ATT_COMBINE_THREADS): head_dim times the groups sharing the chunks. */
    static final int COMBINE_MAX_THREADS = 512;
    /** Rows per exact (f32-activation) matrix-vector block: 4 warps of 1 row (matvec_exact.hip). */
    private static final int EXACT_ROWS_PER_BLOCK = 4;
    /** Rows per gate/up/SwiGLU block: SW_ROWS_PER_BLOCK in matvec.hip (8 warps of 4 rows; one 8-bit block). */
    private static final int SWIGLU_ROWS_PER_BLOCK = 32;
    /** One column (the matvec1 entries): rows per q/k/v block (Mv1Multi in matvec.hip, 4 warps). */
    static final int MATVEC1_MULTI_ROWS_PER_BLOCK = 8;
    static final int MATVEC1_MULTI_THREADS = 128;
    /** One column: rows per gate/up/SwiGLU block (Sw1 in matvec.hip, 8 warps). */
    static final int MATVEC1_SWIGLU_ROWS_PER_BLOCK = 32;
    static final int MATVEC1_SWIGLU_THREADS = 256;

    private final Stream stream;
    private final KernelArgs args;
    private final ParamStruct p;

    private final Map<GgmlType, Kernel> matvecQ8 = new EnumMap<>(GgmlType.class);
    private final Map<GgmlType, Kernel> matvecSwiglu = new EnumMap<>(GgmlType.class);
    private final Map<GgmlType, Kernel> matvec1 = new EnumMap<>(GgmlType.class);
    private final Map<GgmlType, Kernel> matvec1Norm = new EnumMap<>(GgmlType.class);
    private final Map<GgmlType, Kernel> matvec1Swiglu = new EnumMap<>(GgmlType.class);
    private final Map<GgmlType, Kernel> gemm = new EnumMap<>(GgmlType.class);
    private final Map<GgmlType, Kernel> gemmN32 = new EnumMap<>(GgmlType.class);
    private final int gemmMinTokens;
    private final Map<GgmlType, Kernel> matvecExact = new EnumMap<>(GgmlType.class);
    private final Map<GgmlType, Kernel> embed = new EnumMap<>(GgmlType.class);
    private final Map<Integer, Kernel> promptAttention = new java.util.HashMap<>();
    private final Map<Integer, Kernel> promptAttentionTc = new java.util.HashMap<>();
    private final Map<Integer, Kernel> decodeAttention = new java.util.HashMap<>();
    /** The top-k's six launches: histogram and pick of level 0, of level 1, gather, final. */
    private final Kernel[] topKOrder;
    private final Kernel zero, zeroMany, swigluQuantize, rmsnormQ8, qkNormRopeKv, combine, swiglu, add, argmax,
            topKHist, topKPick, topKGather, topKFinal,
            matvecMulti, matvec1Multi;

    /** System property: the number of tokens from which fast matrices go through the tiled kernels (gemm.hip). */
    static final String GEMM_MIN_PROPERTY = "infer.gpu.gemm.min";
    /**
     * Default of {@link #GEMM_MIN_PROPERTY}: the matrix-vector kernels take up to eight tokens per launch, streaming
     * the weights at up to 2.5 TB/s; from nine the tiled kernel, which reads the weights once for up to 32 tokens, is
     * faster (H100, 2026-11-25, `infer bench --batch`: 9 sequences 1,121 tok/s tiled, 8 sequences 901 tok/s
     * matrix-vector).
     */
    static final int GEMM_MIN_TOKENS = MATVEC_MAX_BATCH + 1;
    /** Tiles of the large tiled kernel (gemm.hip: 128 rows x 128 tokens) and of the small one (64 x 32). */
    static final int GEMM_TOKENS = 128, GEMM_ROWS = 128, GEMM_N32_TOKENS = 32, GEMM_N32_ROWS = 64;
    /** Dynamic shared memory of the two (GemmSmem in gemm.hip: two buffers of weights, activations and scales). */
    private static final int GEMM_SMEM = gemmSharedBytes(GEMM_ROWS, GEMM_TOKENS),
            GEMM_N32_SMEM = gemmSharedBytes(GEMM_N32_ROWS, GEMM_N32_TOKENS);
    /** Blocks per multiprocessor the tiled kernels are built for (their launch bounds): the split-k capacity. */
    static final int GEMM_BLOCKS_PER_SM = 1, GEMM_N32_BLOCKS_PER_SM = 4;
    /** Values of k per step of the tiled kernels (GEMM_KS); a split along k takes at least 4 steps. */
    private static final int GEMM_KS = 128, GEMM_MIN_SPLIT_STEPS = 4;

    private final int multiprocessors;
    private final int maxSharedMemoryPerBlock;

    /**
     * Launchers for {@code module}'s kernels on {@code stream}, for a device of {@code multiprocessors} SMs / CUs whose
     * blocks may use {@code maxSharedMemoryPerBlock} bytes of dynamic shared memory (after opting in).
     */
    GpuKernels(Module module, Stream stream, Arena arena, int multiprocessors, int maxSharedMemoryPerBlock) {
        this.stream = stream;
        this.multiprocessors = Math.max(1, multiprocessors);
        this.maxSharedMemoryPerBlock = maxSharedMemoryPerBlock;
        this.gemmMinTokens = Math.max(1, Integer.getInteger(GEMM_MIN_PROPERTY, GEMM_MIN_TOKENS));
        this.args = new KernelArgs(arena, 1, 256);
        this.p = new ParamStruct(arena);
        for (GgmlType t : FAST_TYPES) {
            matvecQ8.put(t, module.kernel("infer_matvec_" + suffix(t)));
            matvecSwiglu.put(t, module.kernel("infer_matvec_swiglu_" + suffix(t)));
            matvec1.put(t, module.kernel("infer_matvec1_" + suffix(t)));
            matvec1Norm.put(t, module.kernel("infer_matvec1_norm_" + suffix(t)));
            matvec1Swiglu.put(t, module.kernel("infer_matvec1_swiglu_" + suffix(t)));
            Kernel big = module.kernel("infer_gemm_" + suffix(t));
            if (largeTilesFit(maxSharedMemoryPerBlock)) {
                big.setMaxDynamicSharedMemory(GEMM_SMEM);
            }
            gemm.put(t, big);
            Kernel small = module.kernel("infer_gemm_n32_" + suffix(t));
            small.setMaxDynamicSharedMemory(GEMM_N32_SMEM);
            gemmN32.put(t, small);
        }
        for (GgmlType t : EXACT_TYPES) {
            matvecExact.put(t, module.kernel("infer_matvec_exact_" + suffix(t)));
            embed.put(t, module.kernel("infer_embed_" + suffix(t)));
        }
        for (int d : HEAD_DIMS) {
            promptAttention.put(d, module.kernel("infer_attention_prompt_hd" + d + "_f16"));
            if (d <= TC_ATTENTION_MAX_HEAD_DIM) {
                promptAttentionTc.put(d, module.kernel("infer_attention_prompt_tc_hd" + d + "_f16"));
            }
            for (int g : ATTENTION_GROUPS) {
                if (g * d <= ATTENTION_MAX_GROUP_DIM) {
                    decodeAttention.put(decodeKey(d, g), module.kernel(decodeAttentionName(d, g)));
                }
            }
        }
        matvecMulti = module.kernel("infer_matvec_multi_q8_1");
        matvec1Multi = module.kernel("infer_matvec1_multi_q8_1");
        rmsnormQ8 = module.kernel("infer_rmsnorm_q8_f32");
        qkNormRopeKv = module.kernel("infer_qk_norm_rope_kv_f32");
        combine = module.kernel("infer_attention_combine_f32");
        swiglu = module.kernel("infer_swiglu_f32");
        add = module.kernel("infer_add_f32");
        argmax = module.kernel("infer_argmax_f32");
        topKHist = module.kernel("infer_topk_hist_f32");
        topKPick = module.kernel("infer_topk_pick_f32");
        topKGather = module.kernel("infer_topk_gather_f32");
        topKFinal = module.kernel("infer_topk_final_f32");
        topKOrder = new Kernel[] {topKHist, topKPick, topKHist, topKPick, topKGather, topKFinal};
        zero = module.kernel("infer_zero_f32");
        zeroMany = module.kernel("infer_zero_many_f32");
        swigluQuantize = module.kernel("infer_swiglu_quantize_q8_1_f32");
    }

    /** Weight types with a dp4a kernel (activations quantized to 8 bits). */
    static final java.util.Set<GgmlType> FAST_TYPES = java.util.EnumSet.of(GgmlType.Q4_K, GgmlType.Q6_K, GgmlType.Q8_0);
    /** Weight types with an f32-activation kernel and an embedding lookup. */
    static final java.util.Set<GgmlType> EXACT_TYPES = java.util.EnumSet.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16,
            GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K);
    static final int[] HEAD_DIMS = {32, 64, 128, 256};
    /** Query heads per kv head the attention takes (at most {@link #ATTENTION_MAX_GROUP_DIM} / head_dim). */
    static final int[] ATTENTION_GROUPS = {1, 2, 4, 8};

    /** The decode attention entry for a head_dim and group size: one each, not a switch (attention.hip says why). */
    static String decodeAttentionName(int headDim, int group) {
        return "infer_attention_decode_hd" + headDim + "_g" + group + "_f16";
    }

    private static int decodeKey(int headDim, int group) {
        return headDim * 16 + group;
    }
    /** Largest (query heads per kv head) x head_dim the attention kernel's shared memory holds. */
    static final int ATTENTION_MAX_GROUP_DIM = 1024;

    private static String suffix(GgmlType t) {
        return t.name().toLowerCase(java.util.Locale.ROOT);
    }

    private void launch(Kernel k, int gx, int gy, int gz, int block) {
        launch(k, gx, gy, gz, block, 0);
    }

    private void launch(Kernel k, int gx, int gy, int gz, int block, int sharedBytes) {
        args.clear().struct(p.end());
        k.launch(stream, gx, gy, gz, block, 1, 1, sharedBytes, args);
    }

    /**
     * A one-column product ({@code infer_matvec1_*}): launched so that it may start while the launch before it runs
     * (Kernel.launchDependent). Its blocks request their first weights, which nothing before writes, and wait for the
     * launch before only to read the activations (matvec.hip, rows_dot_slices); the products and the combine let the
     * next launch start as soon as all their blocks run. H100, Qwen3-8B decode step: 2.64 -> 2.50 ms at depth 128,
     * 2.90 -> 2.78 at 4096 (kernel_check, bench/results/2026-11-26-gpu-h100-dependent-launch.md).
     */
    private void launchProduct(Kernel k, int blocks, int block) {
        args.clear().struct(p.end());
        k.launchDependent(stream, blocks, 1, 1, block, 1, 1, 0, args);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** out[t] = row tokens[t] of the embedding matrix, as f32. */
    void embed(GgmlType type, long w, long tokens, long out, int cols, int count) {
        p.begin().ptr(w).ptr(tokens).ptr(out).i32(cols).i32(count);
        launch(embed.get(type), count, 1, 1, 256);
    }

    /** RMSNorm of {@code count} rows into f32 {@code out} and/or 8-bit ({@code xq}, {@code xd}); 0 skips an output. */
    void rmsnorm(long x, long weight, long out, long xq, long xd, int cols, int count, float eps) {
        p.begin().ptr(x).ptr(weight).ptr(out).ptr(xq).ptr(xd).i32(cols).i32(count).f32(eps);
        launch(rmsnormQ8, count, 1, 1, NORM_THREADS);
    }

    /** 8-bit blocks of silu(gate) * up, {@code count} rows of {@code cols}: SwiGLU and its quantization in one pass. */
    void swigluQuantize(long gate, long up, long xq, long xd, int cols, int count) {
        p.begin().ptr(gate).ptr(up).ptr(xq).ptr(xd).i32(cols).i32(count);
        launch(swigluQuantize, ceilDiv(cols, 256), count, 1, 256);
    }

    /**
     * Whether {@link #matvec} splits the product of {@code w} and {@code batch} columns along k, adding into y
     * atomically: y must then be zero first unless accumulating, which the call does itself with a launch of its own
     * (see {@link #zero(long, long, long, long, long, long, long, long, long, long)} for several at once).
     */
    boolean splitK(DeviceMatrix w, int batch) {
        return tiled(w, batch) && tiledSplits(w, batch) > 1;
    }

    /** Whether a tiled product of {@code batch} columns takes the 64 x 32 tiles. */
    private boolean smallTiles(int batch) {
        return batch <= GEMM_N32_TOKENS || !largeTilesFit(maxSharedMemoryPerBlock);
    }

    /** Blocks along k (grid z) of the tiled product of {@code w} and {@code batch} columns. */
    private int tiledSplits(DeviceMatrix w, int batch) {
        boolean small = smallTiles(batch);
        int tiles = ceilDiv(w.rows(), small ? GEMM_N32_ROWS : GEMM_ROWS)
                * ceilDiv(batch, small ? GEMM_N32_TOKENS : GEMM_TOKENS);
        return gemmSplits(tiles, (small ? GEMM_N32_BLOCKS_PER_SM : GEMM_BLOCKS_PER_SM) * multiprocessors,
                w.cols() / GEMM_KS);
    }

    /** Zeroes five f32 arrays (y_i of n_i values; n_i = 0: none) in one launch. */
    void zero(long y0, long n0, long y1, long n1, long y2, long n2, long y3, long n3, long y4, long n4) {
        long max = Math.max(Math.max(Math.max(n0, n1), Math.max(n2, n3)), n4);
        if (max == 0) {
            return;
        }
        p.begin().ptr(y0).ptr(y1).ptr(y2).ptr(y3).ptr(y4).i64(n0).i64(n1).i64(n2).i64(n3).i64(n4);
        launch(zeroMany, (int) ((max + 1023) / 1024), 5, 1, 256);
    }

    /** Whether {@link #matvec} multiplies {@code w} by {@code batch} columns with the tiled kernels. */
    boolean tiled(DeviceMatrix w, int batch) {
        return w.fast() && batch >= gemmMinTokens && w.cols() % 128 == 0;
    }

    /**
     * y[b] (+)= W x[b] for {@code batch} columns, through the tiled 8-bit kernel (from {@link #GEMM_MIN_PROPERTY}
     * columns) or the dp4a matrix-vector kernel (x given as 8-bit {@code xq}, {@code xd}), or the exact one (x as f32
     * {@code x}). Matrix-vector batches above {@link #MATVEC_MAX_BATCH} take several launches.
     */
    void matvec(DeviceMatrix w, long x, long xq, long xd, long y, int batch, boolean accumulate) {
        matvec(w, x, xq, xd, y, batch, accumulate, null, false, 0);
    }

    /**
     * The buffers of RMSNorms fused into one-column products (RmsIn / RmsOut in matvec.hip): a producer that adds into
     * the residual stream leaves the 8-bit blocks of x * weight in {@code q}, {@code d} and per 32 values the sum of
     * squares in {@code ss}; its consumer reads them as its input and scales by the rms itself. {@code arrivals}:
     * cols / 32 counters, zero when allocated (each launch leaves them zero).
     */
    record FusedNorm(long q, long d, long ss, long arrivals, float eps) {}

    /** Whether one-column products can fuse the RMSNorms of rows {@code cols} wide (see {@link FusedNorm}). */
    static boolean normFusable(int cols) {
        return cols % 32 == 0;
    }

    /**
     * {@link #matvec} for one fast column with fused norms: {@code normedInput} reads x from {@code norm}'s blocks
     * (xq, xd are ignored), a non-zero {@code outNormWeight} leaves the norm of the updated y there (needs
     * {@code accumulate}).
     */
    void matvec(DeviceMatrix w, long x, long xq, long xd, long y, int batch, boolean accumulate, FusedNorm norm,
                boolean normedInput, long outNormWeight) {
        if (normedInput || outNormWeight != 0) {
            if (batch != 1 || !w.fast() || norm == null || (outNormWeight != 0 && (!accumulate || w.rows() % 32 != 0))) {
                throw new IllegalArgumentException("fused norms need one column of a fast matrix, and an output norm"
                        + " an accumulated product of rows % 32 == 0");
            }
            p.begin().ptr(w.address()).ptr(normedInput ? norm.q() : xq).ptr(normedInput ? norm.d() : xd).ptr(y)
                    .i32(w.rows()).i32(w.cols()).i32(1).i32(accumulate ? 1 : 0);
            rmsIn(normedInput ? norm : null);
            p.ptr(outNormWeight);
            p.ptr(outNormWeight == 0 ? 0 : norm.q()).ptr(outNormWeight == 0 ? 0 : norm.d())
                    .ptr(outNormWeight == 0 ? 0 : norm.ss()).ptr(outNormWeight == 0 ? 0 : norm.arrivals());
            boolean normOut = outNormWeight != 0;
            launchProduct((normOut ? matvec1Norm : matvec1).get(w.type()),
                    ceilDiv(w.rows(), matvec1RowsPerBlock(w.type(), normOut)), matvec1Threads(w.type(), normOut));
            return;
        }
        if (tiled(w, batch)) {
            boolean small = smallTiles(batch);
            int rowBlocks = ceilDiv(w.rows(), small ? GEMM_N32_ROWS : GEMM_ROWS);
            int tokenBlocks = ceilDiv(batch, small ? GEMM_N32_TOKENS : GEMM_TOKENS);
            int splits = tiledSplits(w, batch);
            if (splits > 1 && !accumulate) {
                long n = (long) batch * w.rows();
                p.begin().ptr(y).i64(n);
                launch(zero, (int) ((n + 1023) / 1024), 1, 1, 256);
            }
            p.begin().ptr(w.address()).ptr(xq).ptr(xd).ptr(y).i32(w.rows()).i32(w.cols()).i32(batch)
                    .i32(accumulate ? 1 : 0).i32(splits);
            launch((small ? gemmN32 : gemm).get(w.type()), rowBlocks, tokenBlocks, splits, small ? 128 : 256,
                    small ? GEMM_N32_SMEM : GEMM_SMEM);
            return;
        }
        for (int b0 = 0; b0 < batch; b0 += MATVEC_MAX_BATCH) {
            int n = Math.min(MATVEC_MAX_BATCH, batch - b0);
            long yb = y + 4L * b0 * w.rows();
            if (w.fast()) {
                p.begin().ptr(w.address()).ptr(xq + (long) b0 * w.cols()).ptr(xd + 8L * b0 * (w.cols() / 32)).ptr(yb)
                        .i32(w.rows()).i32(w.cols()).i32(n).i32(accumulate ? 1 : 0);
                rmsIn(null);
                p.ptr(0).ptr(0).ptr(0).ptr(0).ptr(0);  // no RmsOut
                if (n == 1) {
                    launchProduct(matvec1.get(w.type()), ceilDiv(w.rows(), matvec1RowsPerBlock(w.type(), false)),
                            matvec1Threads(w.type(), false));
                } else {
                    launch(matvecQ8.get(w.type()), ceilDiv(w.rows(), MATVEC_ROWS_PER_BLOCK), 1, 1, 128);
                }
            } else {
                p.begin().ptr(w.address()).ptr(x + 4L * b0 * w.cols()).ptr(yb)
                        .i32(w.rows()).i32(w.cols()).i32(n).i32(accumulate ? 1 : 0);
                launch(matvecExact.get(w.type()), ceilDiv(w.rows(), EXACT_ROWS_PER_BLOCK), 1, 1, 128);
            }
        }
    }

    /** The RmsIn field of a parameter struct: none, or {@code norm}'s sums. */
    private void rmsIn(FusedNorm norm) {
        p.ptr(norm == null ? 0 : norm.ss()).f32(norm == null ? 0f : norm.eps());
    }

    /**
     * Rows per block of the one-column entry for {@code type}: Mv1For&lt;T&gt;::S::ROWS in matvec.hip, or with
     * {@code normOut} (infer_matvec1_norm_*) Mv1NormFor&lt;T&gt;::S::ROWS.
     */
    static int matvec1RowsPerBlock(GgmlType type, boolean normOut) {
        return type == GgmlType.Q4_K ? 4 : 8;
    }

    /** Threads per block of the one-column entry for {@code type}: 32 * the WARPS of the same shape (4 for all). */
    static int matvec1Threads(GgmlType type, boolean normOut) {
        return 128;
    }

    /**
     * GemmSmem&lt;MT, NT&gt;::BYTES of gemm.hip: two buffers of MT + NT rows of 144 bytes with 8 weight and 8
     * activation scales per row.
     */
    static int gemmSharedBytes(int rows, int tokens) {
        return 2 * (rows * 144 + tokens * 144 + 4 * rows * 8 + 8 * tokens * 4);
    }

    /**
     * Whether the 128 x 128 tiles' two buffers fit a block's shared memory: on NVIDIA since sm_80 (after opting in);
     * AMD's RDNA gives a workgroup 64 KiB, where every batch takes the 64 x 32 tiles instead.
     */
    static boolean largeTilesFit(int maxSharedMemoryPerBlock) {
        return maxSharedMemoryPerBlock >= GEMM_SMEM;
    }

    /**
     * Blocks along k for a tiled product of {@code blocks} tiles: none while the tiles fill half the GPU's resident
     * blocks ({@code capacity}), else enough to fill it, each of at least {@link #GEMM_MIN_SPLIT_STEPS} steps.
     */
    static int gemmSplits(int blocks, int capacity, int steps) {
        if (2 * blocks >= capacity) {
            return 1;
        }
        return Math.max(1, Math.min(ceilDiv(capacity, blocks), steps / GEMM_MIN_SPLIT_STEPS));
    }

    /**
     * y[b] = silu(G x[b]) * (U x[b]) as f32 {@code y} and/or 8-bit ({@code yq}, {@code yd}; rows % 32 == 0); 0 skips
     * an output. G and U are fast matrices of the same type and shape; {@code yq} must not be {@code xq}.
     */
    void matvecSwiglu(DeviceMatrix gate, DeviceMatrix up, long xq, long xd, long y, long yq, long yd, int batch) {
        matvecSwiglu(gate, up, xq, xd, y, yq, yd, batch, null);
    }

    /** {@link #matvecSwiglu} whose one column comes from {@code normedInput}'s blocks (see {@link FusedNorm}). */
    void matvecSwiglu(DeviceMatrix gate, DeviceMatrix up, long xq, long xd, long y, long yq, long yd, int batch,
                      FusedNorm normedInput) {
        if (normedInput != null) {
            if (batch != 1) {
                throw new IllegalArgumentException("a fused norm needs one column, not " + batch);
            }
            xq = normedInput.q();
            xd = normedInput.d();
        }
        int rows = gate.rows();
        for (int b0 = 0; b0 < batch; b0 += MATVEC_MAX_BATCH) {
            int n = Math.min(MATVEC_MAX_BATCH, batch - b0);
            p.begin().ptr(gate.address()).ptr(up.address()).ptr(xq + (long) b0 * gate.cols())
                    .ptr(xd + 8L * b0 * (gate.cols() / 32)).ptr(y == 0 ? 0 : y + 4L * b0 * rows)
                    .ptr(yq == 0 ? 0 : yq + (long) b0 * rows).ptr(yd == 0 ? 0 : yd + 8L * b0 * (rows / 32))
                    .i32(rows).i32(gate.cols()).i32(n);
            rmsIn(normedInput);
            if (n == 1) {
                launchProduct(matvec1Swiglu.get(gate.type()), ceilDiv(rows, MATVEC1_SWIGLU_ROWS_PER_BLOCK),
                        MATVEC1_SWIGLU_THREADS);
            } else {
                launch(matvecSwiglu.get(gate.type()), ceilDiv(rows, SWIGLU_ROWS_PER_BLOCK), 1, 1, 256);
            }
        }
    }

    /**
     * y_i[b] = W_i x[b] for up to three fast matrices with the same input width (the q, k, v projections) in one
     * launch; {@code ys[i]} receives matrix i's output.
     */
    void matvecMulti(DeviceMatrix[] ws, long[] ys, long xq, long xd, int batch) {
        matvecMulti(ws, ys, xq, xd, batch, null);
    }

    /** {@link #matvecMulti} whose one column comes from {@code normedInput}'s blocks (see {@link FusedNorm}). */
    void matvecMulti(DeviceMatrix[] ws, long[] ys, long xq, long xd, int batch, FusedNorm normedInput) {
        if (normedInput != null) {
            if (batch != 1) {
                throw new IllegalArgumentException("a fused norm needs one column, not " + batch);
            }
            xq = normedInput.q();
            xd = normedInput.d();
        }
        int cols = ws[0].cols();
        for (int b0 = 0; b0 < batch; b0 += MATVEC_MAX_BATCH) {
            int n = Math.min(MATVEC_MAX_BATCH, batch - b0);
            int blocks = 0;
            p.begin();
            for (int i = 0; i < 3; i++) {
                p.ptr(i < ws.length ? ws[i].address() : 0);
            }
            for (int i = 0; i < 3; i++) {
                p.ptr(i < ws.length ? ys[i] + 4L * b0 * ws[i].rows() : 0);
            }
            p.ptr(xq + (long) b0 * cols).ptr(xd + 8L * b0 * (cols / 32));
            for (int i = 0; i < 3; i++) {
                p.i32(i < ws.length ? ws[i].type().id : GgmlType.Q8_0.id);
            }
            int rowsPerBlock = n == 1 ? MATVEC1_MULTI_ROWS_PER_BLOCK : MATVEC_ROWS_PER_BLOCK;
            for (int i = 0; i < 3; i++) {
                int rows = i < ws.length ? ws[i].rows() : 0;
                p.i32(rows);
                blocks += ceilDiv(rows, rowsPerBlock);
            }
            p.i32(cols).i32(n);
            rmsIn(normedInput);
            if (n == 1) {
                launchProduct(matvec1Multi, blocks, MATVEC1_MULTI_THREADS);
            } else {
                launch(matvecMulti, blocks, 1, 1, 128);
            }
        }
    }

    /** Per-head q/k RMSNorm, NEOX RoPE, and the K/V cache write of {@code count} tokens. */
    void qkNormRopeKv(long q, long k, long v, long qNorm, long kNorm, long seqs, long pos, long kCache, long vCache,
            int count, int nHead, int nKv, int headDim, int ctx, float eps, float log2Base) {
        p.begin().ptr(q).ptr(k).ptr(v).ptr(qNorm).ptr(kNorm).ptr(seqs).ptr(pos).ptr(kCache).ptr(vCache)
                .i32(nHead).i32(nKv).i32(headDim).i32(ctx).f32(eps).f32(log2Base);
        launch(qkNormRopeKv, nHead + nKv, count, 1, 32);
    }

    /** Bytes of the partial results {@link #attention} writes. */
    static long partialBytes(int count, int nHead, int headDim, int nsplit) {
        return 4L * count * nHead * nsplit * (headDim + 2);
    }

    /** Largest head_dim of the 16-bit prompt attention (infer_attention_prompt_tc_hd*: its registers hold q). */
    static final int TC_ATTENTION_MAX_HEAD_DIM = 128;
    /** Score rows (tokens x query heads of one kv head) of a 16-bit prompt attention block (ATT_TC_ROWS). */
    static final int TC_ATTENTION_ROWS = 64;

    /**
     * Whether prompt chunks take the 16-bit attention: on NVIDIA ({@code vendor} "cuda"; the kernel images start at
     * sm_80, which has the tensor cores) for head_dim up to 128, unless every product must stay f32 ({@code exact}).
     * AMD keeps the f32 kernel: compat.h's portable fragment products spill there (592 bytes a lane for head_dim 128,
     * clang 19's resource usage for gfx1151) until RDNA's WMMA takes them.
     */
    static boolean tensorCoreAttention(String vendor, int headDim, boolean exact) {
        return "cuda".equals(vendor) && !exact && headDim <= TC_ATTENTION_MAX_HEAD_DIM;
    }

    /**
     * Tokens of a prompt chunk that one attention block takes together, sharing each K and V row it loads: with
     * 16-bit products 64 score rows (64 / group tokens), else PromptTokens in attention.hip (as many as keep tokens x
     * query heads per kv head x head_dim within 2048, at most 4).
     */
    static int attentionTokensPerBlock(int headDim, int group, boolean tensorCores) {
        if (tensorCores) {
            return Math.max(1, TC_ATTENTION_ROWS / group);
        }
        return Math.max(1, Math.min(4, 2048 / (group * headDim)));
    }

    /**
     * Causal attention of one sequence's prompt chunk of {@code count} tokens (increasing positions) over the cache,
     * {@link #attentionTokensPerBlock} tokens a block, split in {@code nsplit} chunks of keys, then merged into f32
     * {@code out} and/or 8-bit ({@code xq}, {@code xd}). {@code tensorCores}: q.k and p.v as 16-bit products with f32
     * sums (flash attention's rounding; see {@link #tensorCoreAttention}), else f32 throughout. Decode steps take
     * {@link #attentionDecode}.
     */
    void promptAttention(long q, long kCache, long vCache, long seqs, long pos, long part, long out, long xq, long xd,
            int count, int nHead, int nKv, int headDim, int ctx, int nsplit, boolean tensorCores) {
        p.begin().ptr(q).ptr(kCache).ptr(vCache).ptr(seqs).ptr(pos).ptr(part)
                .i32(count).i32(nHead).i32(nKv).i32(ctx).i32(nsplit).f32((float) (1.0 / Math.sqrt(headDim)));
        int perBlock = attentionTokensPerBlock(headDim, nHead / nKv, tensorCores);
        Kernel kernel = tensorCores ? promptAttentionTc.get(headDim) : promptAttention.get(headDim);
        launch(kernel, nsplit, nKv, ceilDiv(count, perBlock), 128);
        combine(part, out, xq, xd, count, nHead, headDim, nsplit);
    }

    private void combine(long part, long out, long xq, long xd, int count, int nHead, int headDim, int nsplit) {
        p.begin().ptr(part).ptr(out).ptr(xq).ptr(xd).i32(count).i32(nHead).i32(headDim).i32(nsplit);
        launch(combine, nHead, count, 1, headDim * combineGroups(headDim, nsplit));
    }

    /**
     * Thread groups of head_dim threads that share out a combine's chunks: from 8 chunks on four, fewer where head_dim
     * is larger (each group's reads of the partials are a chain of L2 round trips: 3.0 to 4.1 us a combine of 17 to
     * 64 chunks at depth 4096 on H100 with four groups, 4.7 to 9.0 us with one strided group); one below 8 chunks,
     * where the extra threads only cost (a prompt's combine, one block per token and head: pp512 2.5% slower with 4).
     */
    static int combineGroups(int headDim, int nsplit) {
        return nsplit < 8 ? 1 : Math.max(1, Math.min(4, COMBINE_MAX_THREADS / headDim));
    }

    /**
     * A decode step's attention with the per-head q/k RMSNorm, RoPE and K/V cache write inside its launch
     * ({@code infer_attention_decode_hd*}, then the combine): {@code q}, {@code k}, {@code v} as the projections made
     * them, one token per sequence; the output goes to f32 {@code out} and/or 8-bit {@code xq}, {@code xd} (0 skips
     * one).
     */
    void attentionDecode(long q, long k, long v, long qNorm, long kNorm, long seqs, long pos, long kCache, long vCache,
                         long part, long out, long xq, long xd, int count, int nHead, int nKv, int headDim, int ctx,
                         int nsplit, float eps, float log2Base) {
        p.begin().ptr(q).ptr(kCache).ptr(vCache).ptr(seqs).ptr(pos).ptr(part)
                .i32(count).i32(nHead).i32(nKv).i32(ctx).i32(nsplit).f32((float) (1.0 / Math.sqrt(headDim)));
        p.ptr(k).ptr(v).ptr(qNorm).ptr(kNorm).f32(eps).f32(log2Base).ptr(kCache).ptr(vCache);
        launch(decodeAttention.get(decodeKey(headDim, nHead / nKv)), nsplit, nKv, count, 128);
        combine(part, out, xq, xd, count, nHead, headDim, nsplit);
    }

    /** out = silu(gate) * up over {@code n} values. */
    void swiglu(long gate, long up, long out, int n) {
        p.begin().ptr(gate).ptr(up).ptr(out).i32(n);
        launch(swiglu, ceilDiv(n, 256), 1, 1, 256);
    }

    /** out = a + b over {@code n} values. */
    void add(long a, long b, long out, int n) {
        p.begin().ptr(a).ptr(b).ptr(out).i32(n);
        launch(add, ceilDiv(n, 256), 1, 1, 256);
    }

    /**
     * topk.hip: k at most TOPK_MAX (ForwardPass.TOP_K_MAX); TOPK_SLICES blocks of TOPK_THREADS a row for the histogram
     * and the gather, one block of TOPK_PICK_THREADS for the pick and the final ranking; TOPK_BINS histogram bins and
     * room for TOPK_BOUNDARY keys in the boundary bin.
     */
    static final int TOPK_MAX = 64, TOPK_SLICES = 64, TOPK_THREADS = 256, TOPK_PICK_THREADS = 1024, TOPK_BINS = 2048,
            TOPK_BOUNDARY = 4096;

    /** Whether {@link #topK} takes rows of {@code cols} values. */
    static boolean topKFits(int cols) {
        return cols >= TOPK_MAX;
    }

    /**
     * Bytes of the top-k's scratch for {@code count} rows: the histogram (which must be zero before the first use;
     * the launches leave it zero), the per-row state, the lists above and in the boundary bin.
     */
    static long topKScratchBytes(int count) {
        return (long) count * (4L * TOPK_BINS + 16 + 8L * TOPK_MAX + 8L * TOPK_BOUNDARY);
    }

    /**
     * The {@code k} largest values of each of {@code count} rows and their indices, largest first, the lower index
     * first among equals (the order of the Sampler's top-k): {@code values[r * k + j]}, {@code ids[r * k + j]}.
     * {@code scratch}: {@link #topKScratchBytes} for {@code rows} rows, {@code count <= rows}.
     */
    void topK(long x, long scratch, int rows, long values, long ids, int cols, int count, int k) {
        if (k < 1 || k > TOPK_MAX || !topKFits(cols) || count > rows) {
            throw new IllegalArgumentException("top-" + k + " of " + count + " rows of " + cols + " values (k 1.."
                    + TOPK_MAX + ", at least " + TOPK_MAX + " values, scratch for " + rows + " rows)");
        }
        long hist = scratch, state = hist + 4L * rows * TOPK_BINS, above = state + 16L * rows,
                boundary = above + 8L * rows * TOPK_MAX;
        for (int i = 0; i < topKOrder.length; i++) {
            p.begin().ptr(x).ptr(hist).ptr(state).ptr(above).ptr(boundary).ptr(values).ptr(ids)
                    .i32(cols).i32(count).i32(k).i32(i < 2 ? 0 : 1); // histogram level: the top 11 bits, the next
            boolean sliced = topKOrder[i] == topKHist || topKOrder[i] == topKGather;
            launch(topKOrder[i], sliced ? TOPK_SLICES : count, sliced ? count : 1, 1,
                    sliced ? TOPK_THREADS : TOPK_PICK_THREADS);
        }
    }

    /** out[r] = the index of the largest value of row r. */
    void argmax(long x, long out, int cols, int count) {
        p.begin().ptr(x).ptr(out).i32(cols).i32(count);
        launch(argmax, count, 1, 1, 1024);
    }
}
