package io.infer.tensor;

import io.infer.gguf.GgufTensor;
import io.infer.util.Parallel;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Dequantization and products of weight rows with activations, for every supported {@link GgmlType}.
 *
 * <p>Every product multiplies the exactly dequantized weights (bit-identical to ggml's dequantize_row_*) with
 * F32 accumulation in one canonical order that depends only on the row length ({@link Simd}): single rows
 * through fused per-format kernels, batches by dequantizing a tile of rows once into a thread-local buffer and
 * reusing it for every batch row. So {@link #dot}, {@link #matvec} and {@link #matmul} give bit-identical results
 * for the same row and activation, whatever the batch size or thread split.
 *
 * <p>A weight matrix is a {@link GgufTensor} whose {@code shape[0]} is the row length (cols); it has
 * {@code rows()} rows, stored one after another, {@code rowBytes()} each.
 */
public final class QuantOps {
    /** Below this many multiply-adds a product runs on the calling thread: forking would cost more than it saves. */
    private static final long PARALLEL_MIN_WORK = 1L << 18;
    /** Floats of dequantized weight rows a matmul task keeps at once: fits in L2 beside one activation row. */
    private static final int TILE_FLOATS = 1 << 15;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private QuantOps() {
    }

    /** Per-thread buffers, grown on demand and then reused, so products allocate nothing per call in steady state. */
    private static final class Scratch {
        final float[] lanes = new float[Simd.L];
        float[] rows = new float[4096];

        float[] rows(int n) {
            if (rows.length < n) {
                rows = new float[Math.max(n, rows.length * 2)];
            }
            return rows;
        }
    }

    /** The tensor's type, or {@link UnsupportedTensorTypeException} naming the tensor when infer cannot compute with it. */
    public static GgmlType requireSupported(GgufTensor t) {
        if (!t.type().supported()) {
            throw new UnsupportedTensorTypeException(t.name(), t.type());
        }
        return t.type();
    }

    /** Writes row {@code row} of {@code t} (its {@code cols()} elements) to {@code out[outOff..]}. */
    public static void dequantizeRow(GgufTensor t, int row, float[] out, int outOff) {
        GgmlType type = requireSupported(t);
        Objects.checkIndex(row, t.rows());
        dequantize(type, t.data(), row * t.rowBytes(), out, outOff, t.cols());
    }

    /**
     * Dequantizes {@code n} elements (a multiple of the type's block size) starting at byte {@code srcOffset} of
     * {@code src}, which must be a block boundary.
     */
    public static void dequantize(GgmlType type, MemorySegment src, long srcOffset, float[] out, int outOff, int n) {
        Objects.checkFromIndexSize(outOff, n, out.length);
        switch (type) {
            case F32 -> F32Block.dequantize(src, srcOffset, out, outOff, n);
            case F16 -> F16Block.dequantize(src, srcOffset, out, outOff, n);
            case BF16 -> BF16Block.dequantize(src, srcOffset, out, outOff, n);
            case Q8_0 -> Q8_0Block.dequantize(src, srcOffset, out, outOff, n);
            case Q4_0 -> Q4_0Block.dequantize(src, srcOffset, out, outOff, n);
            case Q4_K -> Q4KBlock.dequantize(src, srcOffset, out, outOff, n);
            case Q5_K -> Q5KBlock.dequantize(src, srcOffset, out, outOff, n);
            case Q6_K -> Q6KBlock.dequantize(src, srcOffset, out, outOff, n);
            default -> throw new UnsupportedTensorTypeException(null, type);
        }
    }

    /** Row {@code row} of {@code t} · x[xOff..xOff+cols), accumulated in F32. */
    public static float dot(GgufTensor t, int row, float[] x, int xOff) {
        GgmlType type = requireSupported(t);
        Objects.checkIndex(row, t.rows());
        return dot(type, t.data(), row * t.rowBytes(), x, xOff, t.cols());
    }

    /** The {@code n} elements at byte {@code srcOffset} of {@code src} · x[xOff..xOff+n). */
    public static float dot(GgmlType type, MemorySegment src, long srcOffset, float[] x, int xOff, int n) {
        Objects.checkFromIndexSize(xOff, n, x.length);
        return dot(type, src, srcOffset, x, xOff, n, SCRATCH.get());
    }

    /**
     * The formats that matter for speed have fused kernels (dequantize in registers, multiply, accumulate);
     * the others are dequantized into the thread's buffer first. Both follow {@link Simd}'s canonical order.
     */
    private static float dot(GgmlType type, MemorySegment src, long srcOffset, float[] x, int xOff, int n, Scratch s) {
        return switch (type) {
            case F32 -> Simd.dotF32(src, srcOffset, x, xOff, n, s.lanes);
            case Q8_0 -> Q8_0Block.dot(src, srcOffset, x, xOff, n, s.lanes);
            case Q4_0 -> Q4_0Block.dot(src, srcOffset, x, xOff, n, s.lanes);
            case Q4_K -> Q4KBlock.dot(src, srcOffset, x, xOff, n, s.lanes);
            case Q5_K -> Q5KBlock.dot(src, srcOffset, x, xOff, n, s.lanes);
            case Q6_K -> Q6KBlock.dot(src, srcOffset, x, xOff, n, s.lanes);
            default -> {
                float[] w = s.rows(n);
                dequantize(type, src, srcOffset, w, 0, n);
                yield Simd.dot(w, 0, x, xOff, n, s.lanes);
            }
        };
    }

    /**
     * out[outOff + r] = row r of w · x[xOff..xOff+cols), for every row, split over the CPU workers ({@link Parallel}) (on the
     * calling thread alone when the product is small or the data belongs to a confined arena).
     */
    public static void matvec(GgufTensor w, float[] x, int xOff, float[] out, int outOff) {
        GgmlType type = requireSupported(w);
        int rows = w.rows();
        int cols = w.cols();
        Objects.checkFromIndexSize(xOff, cols, x.length);
        Objects.checkFromIndexSize(outOff, rows, out.length);
        MemorySegment data = w.data();
        long rowBytes = w.rowBytes();
        int chunks = Segments.shareable(data) ? chunks(rows, (long) rows * cols) : 1;
        if (chunks == 1) {
            matvecRows(type, data, rowBytes, cols, x, xOff, out, outOff, 0, rows);
            return;
        }
        TASKS.get().run(type, data, rowBytes, cols, rows, x, xOff, 0, out, outOff, 0, 1, chunks);
    }

    /**
     * Batched product: for b in [0, batch), out[b*outStride + r] = row r of w · x[b*xStride ..]. Each weight
     * row is dequantized once per task tile and used for the whole batch; results equal {@link #matvec} per row.
     */
    public static void matmul(GgufTensor w, float[] x, int batch, int xStride, float[] out, int outStride) {
        matmul(w, x, 0, xStride, out, 0, outStride, batch);
    }

    /** {@link #matmul(GgufTensor, float[], int, int, float[], int)} with the batch starting at x[xOff] and out[outOff]. */
    public static void matmul(GgufTensor w, float[] x, int xOff, int xStride, float[] out, int outOff, int outStride, int batch) {
        GgmlType type = requireSupported(w);
        if (batch <= 0) {
            if (batch == 0) {
                return;
            }
            throw new IllegalArgumentException("batch " + batch);
        }
        int rows = w.rows();
        int cols = w.cols();
        if (batch > 1 && (xStride < cols || outStride < rows)) {
            throw new IllegalArgumentException("strides " + xStride + "/" + outStride + " overlap rows of " + w);
        }
        Objects.checkFromIndexSize(xOff, (long) (batch - 1) * xStride + cols, x.length);
        Objects.checkFromIndexSize(outOff, (long) (batch - 1) * outStride + rows, out.length);
        if (batch == 1) {
            // the fused kernels beat dequantize-then-dot when each row is used once; the result is the same
            matvec(w, x, xOff, out, outOff);
            return;
        }
        MemorySegment data = w.data();
        long rowBytes = w.rowBytes();
        int chunks = Segments.shareable(data) ? chunks(rows, (long) rows * cols * batch) : 1;
        if (chunks == 1) {
            matmulRows(type, data, rowBytes, cols, x, xOff, xStride, out, outOff, outStride, batch, 0, rows);
            return;
        }
        TASKS.get().run(type, data, rowBytes, cols, rows, x, xOff, xStride, out, outOff, outStride, batch, chunks);
    }

    /**
     * One parallel product, reused per calling thread: its fields describe the current call, so splitting a
     * product over the workers allocates nothing.
     */
    private static final class ProductTask implements Parallel.Body {
        GgmlType type;
        MemorySegment data;
        long rowBytes;
        int cols, rows, xOff, xStride, outOff, outStride, batch, per;
        float[] x, out;

        void run(GgmlType type, MemorySegment data, long rowBytes, int cols, int rows, float[] x, int xOff, int xStride,
                 float[] out, int outOff, int outStride, int batch, int chunks) {
            this.type = type;
            this.data = data;
            this.rowBytes = rowBytes;
            this.cols = cols;
            this.rows = rows;
            this.x = x;
            this.xOff = xOff;
            this.xStride = xStride;
            this.out = out;
            this.outOff = outOff;
            this.outStride = outStride;
            this.batch = batch;
            this.per = Math.ceilDiv(rows, chunks);
            try {
                Parallel.forEach(chunks, this);
            } finally {
                this.data = null;
                this.x = null;
                this.out = null;
            }
        }

        @Override
        public void run(int c) {
            int r0 = c * per;
            int r1 = Math.min(rows, r0 + per);
            if (batch == 1) {
                matvecRows(type, data, rowBytes, cols, x, xOff, out, outOff, r0, r1);
            } else {
                matmulRows(type, data, rowBytes, cols, x, xOff, xStride, out, outOff, outStride, batch, r0, r1);
            }
        }
    }

    private static final ThreadLocal<ProductTask> TASKS = ThreadLocal.withInitial(ProductTask::new);

    /** How many row ranges to split a product into: several per thread so uneven progress evens out. */
    private static int chunks(int rows, long work) {
        int threads = Parallel.threads();
        if (threads == 1 || work < PARALLEL_MIN_WORK) {
            return 1;
        }
        return Math.min(rows, 4 * threads);
    }

    private static void matvecRows(GgmlType type, MemorySegment data, long rowBytes, int cols, float[] x, int xOff,
                                   float[] out, int outOff, int r0, int r1) {
        Scratch s = SCRATCH.get();
        for (int r = r0; r < r1; r++) {
            out[outOff + r] = dot(type, data, r * rowBytes, x, xOff, cols, s);
        }
    }

    private static void matmulRows(GgmlType type, MemorySegment data, long rowBytes, int cols, float[] x, int xOff,
                                   int xStride, float[] out, int outOff, int outStride, int batch, int r0, int r1) {
        Scratch s = SCRATCH.get();
        int tile = Math.max(1, Math.min(r1 - r0, TILE_FLOATS / cols));
        float[] w = s.rows(tile * cols);
        for (int t0 = r0; t0 < r1; t0 += tile) {
            int tn = Math.min(tile, r1 - t0);
            dequantize(type, data, t0 * rowBytes, w, 0, tn * cols);
            int b = 0;
            for (; b <= batch - 4; b += 4) {
                int xb = xOff + b * xStride;
                int ob = outOff + b * outStride + t0;
                for (int r = 0; r < tn; r++) {
                    Simd.dot4(w, r * cols, x, xb, xStride, cols, out, ob + r, outStride, s.lanes);
                }
            }
            for (; b < batch; b++) {
                int xb = xOff + b * xStride;
                int ob = outOff + b * outStride + t0;
                for (int r = 0; r < tn; r++) {
                    out[ob + r] = Simd.dot(w, r * cols, x, xb, cols, s.lanes);
                }
            }
        }
    }
}
