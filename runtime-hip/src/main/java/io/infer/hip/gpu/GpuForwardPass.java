package io.infer.hip.gpu;

import io.infer.backend.ForwardPass;
import io.infer.gguf.GgufTensor;
import io.infer.hip.driver.Device;
import io.infer.hip.driver.DeviceBuffer;
import io.infer.hip.driver.Event;
import io.infer.hip.driver.Graph;
import io.infer.hip.driver.GraphExec;
import io.infer.hip.driver.HostBuffer;
import io.infer.hip.driver.Module;
import io.infer.hip.driver.Stream;
import io.infer.model.Qwen3Config;
import io.infer.model.Qwen3Model;
import io.infer.model.Qwen3Weights;
import io.infer.tensor.GgmlType;
import io.infer.util.Parallel;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The Qwen3 forward pass on a GPU, with the kernels of kernels/src. Weights are uploaded once in their GGUF block
 * layout; the KV cache (f16) and every activation buffer are allocated up front. Tokens run in micro-batches: a
 * prompt chunk of one sequence (prefill) or one token of each of several sequences (decode). Each decode batch
 * size is captured once as a graph and replayed: the tokens, sequences and positions are read from device memory,
 * written before each replay, so the graph never changes.
 *
 * <p>Matrices in Q4_K, Q6_K and Q8_0 are multiplied by dp4a kernels with activations rounded to 8-bit blocks;
 * other types (F16, F32, BF16, Q4_0) by exact f32 kernels. The system property {@value #EXACT_PROPERTY}{@code =true}
 * sends every matrix through the exact kernels (for checking against exact references), and
 * {@value #GRAPHS_PROPERTY}{@code =false} launches decode steps one kernel at a time.
 *
 * <p>The pass owns the device: {@link #close()} closes it. Not thread-safe (see {@link ForwardPass}).
 */
public final class GpuForwardPass implements ForwardPass {

    /** System property: multiply every matrix with f32 activations (no 8-bit rounding). */
    public static final String EXACT_PROPERTY = "infer.gpu.exact";
    /** System property: capture and replay decode steps as graphs (default true). */
    public static final String GRAPHS_PROPERTY = "infer.gpu.graphs";

    /** Prompt tokens per micro-batch. */
    static final int PREFILL_CHUNK = 512;
    /** Rows of logits held on the device at once (more are computed and copied back in turns). */
    static final int LOGIT_ROWS = 32;
    private static final long ALIGN = 256;
    /** Decode attention blocks per multiprocessor that decodeSplits aims at. */
    private static final int DECODE_ATTENTION_BLOCKS_PER_SM = 3;

    private final Qwen3Config c;
    private final Device device;
    private final Stream stream;
    private final Arena arena;
    private final GpuKernels k;
    private final int maxSequences;
    private final int contextLength;
    private final int maxTokens;
    private final int logitRows;
    private final int multiprocessors;
    private final boolean useGraphs;
    private final int promptTokensPerBlock;
    private final boolean tensorCoreAttention;

    // weights
    private final GgmlType embedType;
    private final long tokenEmbd, outputNorm;
    private final DeviceMatrix output;
    private final LayerWeights[] layers;

    /**
     * One layer's matrices and norm weights (device addresses). {@code qkv}: q, k and v for one fused launch when
     * all three run on 8-bit activations, else null.
     */
    private record LayerWeights(long attnNorm, long qNorm, long kNorm, long ffnNorm, DeviceMatrix q, DeviceMatrix k,
            DeviceMatrix v, DeviceMatrix o, DeviceMatrix gate, DeviceMatrix up, DeviceMatrix down, DeviceMatrix[] qkv) {

        LayerWeights(long attnNorm, long qNorm, long kNorm, long ffnNorm, DeviceMatrix q, DeviceMatrix k,
                DeviceMatrix v, DeviceMatrix o, DeviceMatrix gate, DeviceMatrix up, DeviceMatrix down) {
            this(attnNorm, qNorm, kNorm, ffnNorm, q, k, v, o, gate, up, down,
                    q.fast() && k.fast() && v.fast() ? new DeviceMatrix[] {q, k, v} : null);
        }
    }

    // KV cache: per layer [maxSequences][nKv][contextLength][headDim] f16 for K, the same for V
    private final DeviceBuffer kCache, vCache;
    private final long cacheLayerBytes;

    // activations, all rows of maxTokens tokens (logits: logitRows rows)
    private final DeviceBuffer activations;
    private final long x;        // (T, d) residual stream
    private final long xn;       // (T, d) normed input, f32 (exact matrices)
    private final long q, kk, v; // (T, qDim), (T, kvDim), (T, vDim)
    private final long att;      // (T, nHead * headDim) attention output, f32 (exact o-projection)
    private final long hid, hid2;// (T, ffn) SwiGLU output; up projection when gate and up run apart
    private final long xq, xd;   // 8-bit activations (T, maxCols) and their block scales (T, maxCols / 32) float2
    private final long hq, hd;   // the FFN hidden state in 8 bits (T, ffn), (T, ffn / 32), written while xq is read
    private final GpuKernels.FusedNorm norm; // one-token steps: the RMSNorms fused into the products (null: none)
    private boolean lastLayersFused;         // the last layers() ran with norm: its one row's head must too
    private final long[] qkvOut; // q, kk, v: the outputs of the fused projection
    private final long part;     // attention partials
    private final long logits;   // (logitRows, vocab)
    private final long stepTokens, stepSeqs, stepPos; // (T) ints each: the micro-batch, read by the kernels
    private final long argmaxOut;// (T) ints
    private final long topValues, topIds; // (S, TOP_K_MAX) floats, ints: each row's largest logits (decodeTopK)
    private final long topScratch;        // the top-k's histogram (kept zero between steps), state and candidate lists

    // pinned host memory
    private final HostBuffer stepHost;   // tokens, seqs, positions of the micro-batch (3 * T ints)
    private final HostBuffer logitsHost; // (logitRows, vocab)
    private final HostBuffer argmaxHost; // (T) ints
    private final HostBuffer topHost;    // (S, TOP_K_MAX) floats, then as many ints

    // Greedy decoding of one sequence runs a step ahead (decodeGreedy): the step for (aheadSeq, aheadPos, the last
    // result) is on the stream before its token is asked for. Slots alternate between the steps in flight.
    private final HostBuffer aheadHost;  // per slot: the step's argmax, then the position uploaded for it
    private final MemorySegment[] aheadResult, aheadPosition;  // those two ints of each slot, sliced once
    private final Event[] aheadDone;     // per slot: the step's argmax is in aheadHost
    private boolean ahead;
    private int aheadSeq, aheadPos, aheadToken, aheadSlot;

    /** Decode-step graphs by 3 * batch size + what the step leaves (LOGITS, GREEDY, TOP_K). */
    private final Map<Integer, GraphExec> graphs = new HashMap<>();
    private boolean closed;

    /**
     * How the pass computes.
     *
     * @param exact  every matrix through the exact f32-activation kernels (none rounds activations to 8 bits)
     * @param graphs decode steps captured once per batch size and replayed, rather than launched kernel by kernel
     */
    public record Options(boolean exact, boolean graphs) {

        /** From the system properties {@value GpuForwardPass#EXACT_PROPERTY} (default false) and {@value GpuForwardPass#GRAPHS_PROPERTY} (default true). */
        public static Options fromSystemProperties() {
            return new Options(Boolean.getBoolean(EXACT_PROPERTY),
                    !"false".equalsIgnoreCase(System.getProperty(GRAPHS_PROPERTY, "true")));
        }
    }

    /** A pass with {@link Options#fromSystemProperties()}. */
    public GpuForwardPass(Device device, Module module, Qwen3Model model, int maxSequences, int contextLength) {
        this(device, module, model, maxSequences, contextLength, Options.fromSystemProperties());
    }

    /**
     * Uploads the model's weights to {@code device}, whose {@code module} holds the kernels, and allocates a KV cache
     * for {@code maxSequences} sequences of {@code contextLength} positions. Takes ownership of the device.
     */
    public GpuForwardPass(Device device, Module module, Qwen3Model model, int maxSequences, int contextLength,
            Options options) {
        if (maxSequences < 1 || contextLength < 1) {
            throw new IllegalArgumentException("need at least one sequence and one position, got " + maxSequences
                    + " x " + contextLength);
        }
        this.c = model.config();
        this.device = device;
        this.maxSequences = maxSequences;
        this.contextLength = contextLength;
        this.maxTokens = Math.max(PREFILL_CHUNK, maxSequences);
        this.logitRows = Math.max(LOGIT_ROWS, Math.min(maxSequences, maxTokens));
        this.multiprocessors = Math.max(1, device.multiprocessors());
        this.useGraphs = options.graphs();
        boolean exact = options.exact();
        checkShapes(c);
        this.tensorCoreAttention = GpuKernels.tensorCoreAttention(device.vendor(), c.headDim(), exact);
        this.promptTokensPerBlock = GpuKernels.attentionTokensPerBlock(c.headDim(), c.headCount() / c.headCountKv(),
                tensorCoreAttention);
        this.arena = Arena.ofShared();
        try {
            this.stream = device.createStream();
            this.k = new GpuKernels(module, stream, arena, multiprocessors, device.maxSharedMemoryPerBlock());
            Qwen3Weights w = model.weights();

            // weights: everything in one buffer, uploaded once
            List<GgufTensor> tensors = new ArrayList<>();
            tensors.add(w.tokenEmbd());
            tensors.add(w.outputNorm());
            tensors.add(w.output());
            for (Qwen3Weights.Layer l : w.layers()) {
                tensors.addAll(List.of(l.attnNorm(), l.attnQ(), l.attnK(), l.attnV(), l.attnQNorm(), l.attnKNorm(),
                        l.attnOutput(), l.ffnNorm(), l.ffnGate(), l.ffnUp(), l.ffnDown()));
            }
            for (GgufTensor t : tensors) {
                if (!GpuKernels.EXACT_TYPES.contains(t.type())) {
                    throw new IllegalArgumentException("the GPU backend has no kernels for " + t.type() + " (tensor "
                            + t.name() + "); supported: " + GpuKernels.EXACT_TYPES);
                }
            }

            // sizes, checked against free memory before anything large is allocated
            int d = c.embeddingLength();
            int ffn = c.feedForwardLength();
            int maxCols = Math.max(Math.max(d, ffn), Math.max(c.qDim(), c.headCount() * c.valueDim()));
            cacheLayerBytes = 2L * maxSequences * c.headCountKv() * (long) contextLength * c.headDim();
            long cacheBytes = cacheLayerBytes * c.blockCount();
            long partBytes = 0;
            for (int n = 1; n <= maxTokens; n++) {
                int splits = Math.max(prefillSplits(n), n <= maxSequences ? decodeSplits(n) : 1);
                partBytes = Math.max(partBytes, GpuKernels.partialBytes(n, c.headCount(), c.headDim(), splits));
            }
            long[] sizes = {
                4L * maxTokens * d, 4L * maxTokens * d,                                          // x, xn
                4L * maxTokens * c.qDim(), 4L * maxTokens * c.kvDim(), 4L * maxTokens * c.vDim(), // q, k, v
                4L * maxTokens * c.headCount() * c.valueDim(),                                   // att
                4L * maxTokens * ffn, 4L * maxTokens * ffn,                                      // hid, hid2
                (long) maxTokens * maxCols, 8L * maxTokens * (maxCols / 32),                     // xq, xd
                (long) maxTokens * ffn, 8L * maxTokens * (ffn / 32),                             // hq, hd
                partBytes, 4L * logitRows * c.vocabSize(),                                       // part, logits
                4L * maxTokens, 4L * maxTokens, 4L * maxTokens, 4L * maxTokens,                 // step, argmax
                d, 8L * (d / 32), 4L * (d / 32), 4L * (d / 32),                                 // fused norm
                8L * maxSequences * TOP_K_MAX, GpuKernels.topKScratchBytes(maxSequences)         // top-k
            };
            long[] at = new long[sizes.length];
            long actBytes = 0;
            for (int i = 0; i < sizes.length; i++) {
                at[i] = actBytes;
                actBytes = alignUp(actBytes + sizes[i]);
            }
            long weightBytes = DeviceWeights.deviceBytes(tensors);
            long need = weightBytes + 2 * cacheBytes + actBytes;
            long free = device.freeMemory();
            if (need > free) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "the model needs %.2f GiB on the GPU (weights %.2f, KV cache %.2f for %d x %d positions, "
                                + "buffers %.2f) but %.2f GiB are free", need / GIB, weightBytes / GIB,
                        2 * cacheBytes / GIB, maxSequences, contextLength, actBytes / GIB, free / GIB));
            }

            DeviceWeights dw = DeviceWeights.upload(device, stream, tensors, System.err);
            embedType = w.tokenEmbd().type();
            tokenEmbd = dw.address(w.tokenEmbd());
            outputNorm = dw.address(w.outputNorm());
            output = matrix(dw, w.output(), exact);
            layers = new LayerWeights[c.blockCount()];
            for (int i = 0; i < layers.length; i++) {
                Qwen3Weights.Layer l = w.layers()[i];
                layers[i] = new LayerWeights(dw.address(l.attnNorm()), dw.address(l.attnQNorm()),
                        dw.address(l.attnKNorm()), dw.address(l.ffnNorm()), matrix(dw, l.attnQ(), exact),
                        matrix(dw, l.attnK(), exact), matrix(dw, l.attnV(), exact), matrix(dw, l.attnOutput(), exact),
                        matrix(dw, l.ffnGate(), exact), matrix(dw, l.ffnUp(), exact), matrix(dw, l.ffnDown(), exact));
            }

            kCache = device.alloc(cacheBytes);
            vCache = device.alloc(cacheBytes);
            activations = device.alloc(actBytes);
            long base = activations.address();
            x = base + at[0];
            xn = base + at[1];
            q = base + at[2];
            kk = base + at[3];
            v = base + at[4];
            att = base + at[5];
            hid = base + at[6];
            hid2 = base + at[7];
            xq = base + at[8];
            xd = base + at[9];
            hq = base + at[10];
            hd = base + at[11];
            qkvOut = new long[] {q, kk, v};
            part = base + at[12];
            logits = base + at[13];
            stepTokens = base + at[14];
            stepSeqs = base + at[15];
            stepPos = base + at[16];
            argmaxOut = base + at[17];
            topValues = base + at[22];
            topIds = topValues + 4L * maxSequences * TOP_K_MAX;
            topScratch = base + at[23];
            boolean fusable = !exact && GpuKernels.normFusable(d) && output.fast() && !k.tiled(output, 1);
            for (LayerWeights L : layers) {
                fusable &= L.qkv() != null && !k.tiled(L.q(), 1) && L.o().fast() && fusedSwiglu(L, 1)
                        && L.down().fast();
            }
            norm = fusable ? new GpuKernels.FusedNorm(base + at[18], base + at[19], base + at[20], base + at[21],
                    c.rmsEps()) : null;
            stream.fill(activations, at[21], sizes[21], (byte) 0);  // the arrival counters start at zero
            stream.fill(activations, at[23], sizes[23], (byte) 0);  // and the top-k's histogram
            // a fresh cache holds whatever the allocator left; zero it so a bug reading unwritten positions shows
            // up as a wrong but finite result rather than NaNs from garbage
            stream.fill(kCache, 0, cacheBytes, (byte) 0);
            stream.fill(vCache, 0, cacheBytes, (byte) 0);

            stepHost = device.allocHost(12L * maxTokens);
            logitsHost = device.allocHost(4L * logitRows * c.vocabSize());
            argmaxHost = device.allocHost(4L * maxTokens);
            topHost = device.allocHost(8L * maxSequences * TOP_K_MAX);
            aheadHost = device.allocHost(16);
            aheadResult = new MemorySegment[] {aheadHost.segment().asSlice(0, 4), aheadHost.segment().asSlice(8, 4)};
            aheadPosition = new MemorySegment[] {aheadHost.segment().asSlice(4, 4), aheadHost.segment().asSlice(12, 4)};
            aheadDone = new Event[] {device.createEvent(), device.createEvent()};
            stream.synchronize();
        } catch (RuntimeException | Error e) {
            device.close();
            arena.close();
            throw e;
        }
    }

    private static final double GIB = 1024.0 * 1024 * 1024;

    /** Shapes the kernels handle; anything else is refused here rather than computed wrongly. */
    private static void checkShapes(Qwen3Config c) {
        int hd = c.headDim();
        boolean hdOk = false;
        for (int h : GpuKernels.HEAD_DIMS) {
            hdOk |= h == hd;
        }
        if (!hdOk) {
            throw new IllegalArgumentException("the GPU backend supports head_dim 32, 64, 128 or 256, not " + hd);
        }
        if (c.valueDim() != hd) {
            throw new IllegalArgumentException("the GPU backend needs value_length == key_length, got " + c.valueDim()
                    + " and " + hd);
        }
        int group = c.headCount() / c.headCountKv();
        if (c.headCount() % c.headCountKv() != 0 || Integer.bitCount(group) != 1 || group > 8
                || group * hd > GpuKernels.ATTENTION_MAX_GROUP_DIM) {
            throw new IllegalArgumentException("the GPU backend supports 1, 2, 4 or 8 query heads per kv head (at most "
                    + GpuKernels.ATTENTION_MAX_GROUP_DIM + " / head_dim), not " + c.headCount() + " / " + c.headCountKv());
        }
        if (c.embeddingLength() % 32 != 0 || c.feedForwardLength() % 32 != 0
                || c.embeddingLength() > GpuKernels.NORM_MAX_COLS) {
            throw new IllegalArgumentException("the GPU backend needs n_embd and ffn length divisible by 32 and n_embd <= "
                    + GpuKernels.NORM_MAX_COLS + ", got " + c.embeddingLength() + " and " + c.feedForwardLength());
        }
    }

    private static DeviceMatrix matrix(DeviceWeights dw, GgufTensor t, boolean exact) {
        boolean fast = !exact && GpuKernels.FAST_TYPES.contains(t.type());
        return new DeviceMatrix(t.name(), t.type(), dw.address(t), t.rows(), t.cols(), fast);
    }

    @Override
    public Qwen3Config config() {
        return c;
    }

    @Override
    public int maxSequences() {
        return maxSequences;
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public void prefill(int seq, int[] tokens, int count, int startPos, float[] out, boolean allLogits) {
        ensureOpen();
        dropAhead();
        checkSeq(seq);
        if (count < 1 || startPos < 0 || startPos + count > contextLength) {
            throw new IllegalArgumentException("positions " + startPos + ".." + (startPos + count)
                    + " outside the context of " + contextLength);
        }
        int vocab = c.vocabSize();
        MemorySegment step = stepHost.segment();
        for (int done = 0; done < count; done += PREFILL_CHUNK) {
            int n = Math.min(PREFILL_CHUNK, count - done);
            if (done > 0) {
                // the previous chunk's copy of the step buffer must have happened before it is refilled
                stream.synchronize();
            }
            for (int i = 0; i < n; i++) {
                int t = tokens[done + i];
                checkToken(t);
                step.setAtIndex(JAVA_INT, i, t);
                step.setAtIndex(JAVA_INT, maxTokens + i, seq);
                step.setAtIndex(JAVA_INT, 2L * maxTokens + i, startPos + done + i);
            }
            uploadStep();
            layers(n, prefillSplits(n), true);
            if (allLogits) {
                for (int r = 0; r < n; r += logitRows) {
                    int rows = Math.min(logitRows, n - r);
                    head(r, rows);
                    copyLogits(rows, out, (done + r) * vocab);
                }
            } else if (done + n == count) {
                head(n - 1, 1);
                copyLogits(1, out, 0);
            }
        }
        // the step buffer is reused by the next call: the kernels above must have read it
        stream.synchronize();
    }

    @Override
    public void decode(int batch, int[] seqs, int[] tokens, int[] positions, float[] out) {
        ensureOpen();
        dropAhead();
        for (int done = 0; done < batch; done += maxTokens) {
            int n = Math.min(maxTokens, batch - done);
            setStep(n, seqs, tokens, positions, done);
            step(n, LOGITS);
            for (int r = 0; r < n; r += logitRows) {
                int rows = Math.min(logitRows, n - r);
                if (r > 0) {
                    // more rows than the logits buffer holds: recompute the head for the next rows
                    head(r, rows);
                }
                copyLogits(rows, out, (done + r) * c.vocabSize());
            }
        }
    }

    /**
     * One greedy step of one sequence, run a step ahead: before waiting for this step's token, the next step (the
     * same sequence, the next position, this step's argmax as its token, copied on the device) goes onto the stream,
     * so the GPU goes from one step to the next without waiting for the host's turn: the engine's (text, stop
     * strings, the listener) as well as the driver's. H100, Qwen3-8B: `infer run` greedy 386-391 -> 404-405 tok/s;
     * `infer bench`, whose turn is short, unchanged (bench/results/2026-11-26-gpu-h100-split-order.md). A call that
     * continues the sequence finds its step running; any other call or method discards it. A discarded step wrote
     * only the K and V rows of a position past the sequence's end, which every later step at that position writes
     * before reading.
     */
    @Override
    public int decodeGreedy(int seq, int token, int position) {
        ensureOpen();
        checkSeq(seq);
        checkToken(token);
        checkPosition(position);
        int slot;
        if (ahead && seq == aheadSeq && position == aheadPos && token == aheadToken) {
            slot = aheadSlot;
        } else {
            dropAhead();
            MemorySegment step = stepHost.segment();
            step.setAtIndex(JAVA_INT, 0, token);
            step.setAtIndex(JAVA_INT, maxTokens, seq);
            step.setAtIndex(JAVA_INT, 2L * maxTokens, position);
            slot = 0;
            step(1, GREEDY);
            finishAheadStep(slot);
        }
        ahead = position + 1 < contextLength;
        if (ahead) {
            int next = slot ^ 1;
            aheadPosition[next].set(JAVA_INT, 0, position + 1);
            stream.copyDeviceToDevice(activations, argmaxOut - activations.address(), activations,
                    stepTokens - activations.address(), 4);
            stream.copyToDevice(aheadPosition[next], activations,
                    stepPos - activations.address(), 4);
            run(1, GREEDY);
            finishAheadStep(next);
            aheadSeq = seq;
            aheadPos = position + 1;
            aheadSlot = next;
        }
        aheadDone[slot].synchronize();
        int result = aheadResult[slot].get(JAVA_INT, 0);
        aheadToken = result;
        return result;
    }

    /**
     * Discards a step run ahead: waits for it (it may still read its slot's position upload, which the next step
     * ahead rewrites), and the next decodeGreedy starts afresh.
     */
    private void dropAhead() {
        if (ahead) {
            ahead = false;
            stream.synchronize();
        }
    }

    /** After a greedy step on the stream: its argmax to the slot, and the slot's event. */
    private void finishAheadStep(int slot) {
        stream.copyToHost(activations, argmaxOut - activations.address(), aheadResult[slot], 4);
        aheadDone[slot].record(stream);
    }

    @Override
    public void decodeGreedy(int batch, int[] seqs, int[] tokens, int[] positions, int[] out) {
        ensureOpen();
        dropAhead();
        if (batch < 1 || batch > maxSequences) {
            throw new IllegalArgumentException("batch of " + batch + " outside 1.." + maxSequences);
        }
        setStep(batch, seqs, tokens, positions, 0);
        step(batch, GREEDY);
        stream.copyToHost(activations, argmaxOut - activations.address(), argmaxHost.segment(), 4L * batch);
        stream.synchronize();
        MemorySegment.copy(argmaxHost.segment(), JAVA_INT, 0, out, 0, batch);
    }

    @Override
    public boolean selectsTopKOnDevice() {
        return GpuKernels.topKFits(c.vocabSize());
    }

    @Override
    public void decodeTopK(int batch, int[] seqs, int[] tokens, int[] positions, float[] values, int[] ids) {
        ensureOpen();
        dropAhead();
        if (batch < 1 || batch > maxSequences) {
            throw new IllegalArgumentException("batch of " + batch + " outside 1.." + maxSequences);
        }
        if (!selectsTopKOnDevice()) {
            ForwardPass.super.decodeTopK(batch, seqs, tokens, positions, values, ids);
            return;
        }
        setStep(batch, seqs, tokens, positions, 0);
        step(batch, TOP_K);
        long n = (long) batch * TOP_K_MAX;
        stream.copyToHost(activations, topValues - activations.address(), topHost.segment().asSlice(0, 4 * n), 4 * n);
        stream.copyToHost(activations, topIds - activations.address(), topHost.segment().asSlice(4 * n, 4 * n), 4 * n);
        stream.synchronize();
        MemorySegment.copy(topHost.segment(), JAVA_FLOAT, 0, values, 0, (int) n);
        MemorySegment.copy(topHost.segment(), JAVA_INT, 4 * n, ids, 0, (int) n);
    }

    private void setStep(int n, int[] seqs, int[] tokens, int[] positions, int from) {
        MemorySegment step = stepHost.segment();
        for (int i = 0; i < n; i++) {
            checkSeq(seqs[from + i]);
            for (int j = 0; j < i; j++) {
                // each block of the decode attention writes its own token's K and V rows and reads the rest
                if (seqs[from + j] == seqs[from + i]) {
                    throw new IllegalArgumentException("sequence " + seqs[from + i] + " appears twice in one decode step");
                }
            }
            checkToken(tokens[from + i]);
            checkPosition(positions[from + i]);
            step.setAtIndex(JAVA_INT, i, tokens[from + i]);
            step.setAtIndex(JAVA_INT, maxTokens + i, seqs[from + i]);
            step.setAtIndex(JAVA_INT, 2L * maxTokens + i, positions[from + i]);
        }
    }

    /** What a decode step leaves for the host: the logits, each row's argmax, or each row's top TOP_K_MAX. */
    private static final int LOGITS = 0, GREEDY = 1, TOP_K = 2;

    /**
     * One decode step of {@code n} tokens already in the host step buffer, ending as {@code mode} says: a graph
     * replay, captured on first use.
     */
    private void step(int n, int mode) {
        uploadStep();
        run(n, mode);
    }

    /** A decode step of {@code n} tokens whose inputs are already on the device. */
    private void run(int n, int mode) {
        if (!useGraphs) {
            decodeKernels(n, mode);
            return;
        }
        graph(n, mode).launch(stream);
    }

    /** The graph of a decode step of {@code n} tokens ending as {@code mode} says, captured on first use. */
    private GraphExec graph(int n, int mode) {
        int key = 3 * n + mode;
        GraphExec exec = graphs.get(key);
        if (exec == null) {
            stream.beginCapture();
            try {
                decodeKernels(n, mode);
            } finally {
                // end the capture even when a launch failed, so the stream stays usable
                Graph g = stream.endCapture();
                exec = g.instantiate();
                g.close();
            }
            graphs.put(key, exec);
        }
        return exec;
    }

    /** Decode-step graphs captured so far. */
    int capturedGraphs() {
        return graphs.size();
    }

    /** Captures every decode-step graph of one to {@code batch} sequences (capturing launches nothing). */
    @Override
    public void prepareDecode(int batch) {
        ensureOpen();
        dropAhead();
        if (!useGraphs) {
            return;
        }
        long t0 = System.nanoTime();
        int before = graphs.size();
        for (int n = 1; n <= Math.min(batch, maxSequences); n++) {
            graph(n, GREEDY);
            graph(n, LOGITS);
            if (selectsTopKOnDevice()) {
                graph(n, TOP_K);
            }
        }
        System.err.printf(Locale.ROOT, "gpu: %d decode-step graphs captured in %.0f ms%n", graphs.size() - before,
                (System.nanoTime() - t0) / 1e6);
    }

    private void decodeKernels(int n, int mode) {
        layers(n, decodeSplits(n), false);
        head(0, Math.min(n, logitRows));
        if (mode == GREEDY) {
            k.argmax(logits, argmaxOut, c.vocabSize(), n);
        } else if (mode == TOP_K) {
            k.topK(logits, topScratch, maxSequences, topValues, topIds, c.vocabSize(), n, TOP_K_MAX);
        }
    }

    /** The micro-batch's tokens, sequences and positions to the device (12 bytes a token, one copy). */
    private void uploadStep() {
        stream.copyToDevice(stepHost.segment(), activations, stepTokens - activations.address(), 12L * maxTokens);
    }

    /**
     * Rows of logits to {@code out}: over PCIe into the pinned buffer, then into the Java array one row per pool
     * thread (32 sequences are 19 MB a step, milliseconds for one core to copy).
     */
    private void copyLogits(int rows, float[] out, int outOffset) {
        long bytes = 4L * rows * c.vocabSize();
        stream.copyToHost(activations, logits - activations.address(), logitsHost.segment(), bytes);
        stream.synchronize();
        copyOut = out;
        copyOutOffset = outOffset;
        try {
            Parallel.forEach(rows, copyRow);
        } finally {
            copyOut = null;
        }
    }

    private float[] copyOut;
    private int copyOutOffset;
    private final Parallel.Body copyRow = this::copyRow;

    private void copyRow(int r) {
        int vocab = c.vocabSize();
        MemorySegment.copy(logitsHost.segment(), JAVA_FLOAT, 4L * r * vocab, copyOut, copyOutOffset + r * vocab, vocab);
    }

    /**
     * The transformer layers over the {@code n} tokens of the step buffer: the residual stream ends in {@link #x}.
     * {@code nsplit}: attention key chunks per (token, kv head); {@code prompt}: the tokens are one sequence's prompt
     * chunk (the attention then takes several per block).
     */
    private void layers(int n, int nsplit, boolean prompt) {
        int d = c.embeddingLength();
        float eps = c.rmsEps();
        // one token: each RMSNorm but the first rides on the product before it (its output) and after it (its input)
        GpuKernels.FusedNorm fn = n == 1 ? norm : null;
        lastLayersFused = fn != null;
        // x = token_embd[tokens]
        k.embed(embedType, tokenEmbd, stepTokens, x, d, n);
        int ffn = c.feedForwardLength();
        for (int l = 0; l < layers.length; l++) {
            LayerWeights L = layers[l];
            // products split along k add into their outputs: zero those of the layer in one launch, not one each
            boolean zeroQkv = (L.qkv() == null || k.tiled(L.q(), n)) && k.splitK(L.q(), n) && k.splitK(L.k(), n)
                    && k.splitK(L.v(), n);
            boolean zeroFfn = !fusedSwiglu(L, n) && k.splitK(L.gate(), n) && k.splitK(L.up(), n);
            if (zeroQkv || zeroFfn) {
                k.zero(zeroQkv ? q : 0, zeroQkv ? (long) n * L.q().rows() : 0, zeroQkv ? kk : 0,
                        zeroQkv ? (long) n * L.k().rows() : 0, zeroQkv ? v : 0, zeroQkv ? (long) n * L.v().rows() : 0,
                        zeroFfn ? hid : 0, zeroFfn ? (long) n * L.gate().rows() : 0, zeroFfn ? hid2 : 0,
                        zeroFfn ? (long) n * L.up().rows() : 0);
            }
            // attention block: xn = rmsnorm(x) as f32 and/or 8-bit for the q, k, v projections
            if (fn == null || l == 0) {
                k.rmsnorm(x, L.attnNorm(), anyExact(L.q(), L.k(), L.v()) ? xn : 0,
                        anyFast(L.q(), L.k(), L.v()) ? xq : 0, xd, d, n, eps);
            }
            if (L.qkv() != null && !k.tiled(L.q(), n)) {
                k.matvecMulti(L.qkv(), qkvOut, xq, xd, n, fn != null && l > 0 ? fn : null);
            } else {
                k.matvec(L.q(), xn, xq, xd, q, n, zeroQkv);
                k.matvec(L.k(), xn, xq, xd, kk, n, zeroQkv);
                k.matvec(L.v(), xn, xq, xd, v, n, zeroQkv);
            }
            // per-head q/k RMSNorm, NEOX RoPE, K/V into the cache at (seq, pos), then causal GQA over the cache; the
            // output goes straight to the o-projection's input format
            long kc = kCache.address() + l * cacheLayerBytes;
            long vc = vCache.address() + l * cacheLayerBytes;
            float log2Base = (float) (Math.log(c.ropeFreqBase()) / Math.log(2));
            long attOut = L.o().fast() ? 0 : att;
            long attQ = L.o().fast() ? xq : 0;
            if (prompt) {
                k.qkNormRopeKv(q, kk, v, L.qNorm(), L.kNorm(), stepSeqs, stepPos, kc, vc, n, c.headCount(),
                        c.headCountKv(), c.headDim(), contextLength, eps, log2Base);
                k.promptAttention(q, kc, vc, stepSeqs, stepPos, part, attOut, attQ, xd, n, c.headCount(),
                        c.headCountKv(), c.headDim(), contextLength, nsplit, tensorCoreAttention);
            } else {
                // one token per sequence (setStep checks): the norms, RoPE and cache write inside the attention
                k.attentionDecode(q, kk, v, L.qNorm(), L.kNorm(), stepSeqs, stepPos, kc, vc, part, attOut, attQ, xd,
                        n, c.headCount(), c.headCountKv(), c.headDim(), contextLength, nsplit, eps, log2Base);
            }
            // x += W_o att (and with one token, the FFN's norm of the new x)
            k.matvec(L.o(), att, xq, xd, x, n, true, fn, false, fn != null ? L.ffnNorm() : 0);

            // feed-forward block: x += W_down (silu(W_gate xn) * (W_up xn)), xn = rmsnorm(x)
            if (fn == null) {
                k.rmsnorm(x, L.ffnNorm(), anyExact(L.gate(), L.up()) ? xn : 0, anyFast(L.gate(), L.up()) ? xq : 0,
                        xd, d, n, eps);
            }
            if (fusedSwiglu(L, n)) {
                // SwiGLU straight into the down projection's input format
                k.matvecSwiglu(L.gate(), L.up(), xq, xd, L.down().fast() ? 0 : hid, L.down().fast() ? hq : 0, hd, n,
                        fn);
            } else {
                k.matvec(L.gate(), xn, xq, xd, hid, n, zeroFfn);
                k.matvec(L.up(), xn, xq, xd, hid2, n, zeroFfn);
                if (L.down().fast()) {
                    k.swigluQuantize(hid, hid2, hq, hd, ffn, n);
                } else {
                    k.swiglu(hid, hid2, hid, n * ffn);
                }
            }
            // x += W_down h (and with one token, the next norm of the new x: the next layer's or the output's)
            long nextNorm = fn == null ? 0 : l + 1 < layers.length ? layers[l + 1].attnNorm() : outputNorm;
            k.matvec(L.down(), hid, hq, hd, x, n, true, fn, false, nextNorm);
        }
    }

    /** Whether gate, up and SwiGLU run as one product for {@code n} tokens. */
    private boolean fusedSwiglu(LayerWeights L, int n) {
        return L.gate().fast() && L.up().fast() && L.gate().type() == L.up().type() && !k.tiled(L.gate(), n);
    }

    /** Final RMSNorm and output projection of tokens {@code [from, from + rows)}: logits rows 0..rows. */
    private void head(int from, int rows) {
        int d = c.embeddingLength();
        if (lastLayersFused) {
            // the last layer's down projection left the output norm's blocks
            k.matvec(output, xn, xq, xd, logits, 1, false, norm, true, 0);
            return;
        }
        long xr = x + 4L * from * d;
        k.rmsnorm(xr, outputNorm, output.fast() ? 0 : xn, output.fast() ? xq : 0, xd, d, rows, c.rmsEps());
        k.matvec(output, xn, xq, xd, logits, rows, false);
    }

    private static boolean anyExact(DeviceMatrix... ms) {
        for (DeviceMatrix m : ms) {
            if (!m.fast()) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyFast(DeviceMatrix... ms) {
        for (DeviceMatrix m : ms) {
            if (m.fast()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Key chunks per (token, kv head) for a decode step: at most three blocks per multiprocessor, so that they run in
     * one wave (the decode entries hold a tile's K and V rows in registers: three blocks fit an H100 multiprocessor;
     * rounding up instead made batch 8 / 16 / 32 steps at depth 4096 8-12% slower, equal at 128,
     * bench/results/2026-11-26-gpu-h100-decode-attention-entries.md). The graph keeps this count at every position; the
     * kernel makes chunks of at least 128 keys, so a short context fills only the first few and the combine reads only
     * those (H100, Qwen3-8B: 3.2% faster steps at depth 4096 than one block per multiprocessor, equal at 128 and 1024,
     * bench/results/2026-11-26-gpu-h100-attention-splits.md; 128 rather than 64 keys: 0.8% faster at 1024 and 4096,
     * equal at 128, 2026-11-26-gpu-h100-q6k-layout.md).
     */
    private int decodeSplits(int n) {
        int s = DECODE_ATTENTION_BLOCKS_PER_SM * multiprocessors / (n * c.headCountKv());
        int maxUseful = (contextLength + GpuKernels.ATTENTION_MIN_DECODE_CHUNK - 1) / GpuKernels.ATTENTION_MIN_DECODE_CHUNK;
        return Math.max(1, Math.min(Math.min(s, GpuKernels.ATTENTION_MAX_SPLIT), maxUseful));
    }

    /** Key chunks for a prompt chunk of {@code n} tokens: the tokens already give most of the parallelism. */
    private int prefillSplits(int n) {
        int blocks = (n + promptTokensPerBlock - 1) / promptTokensPerBlock * c.headCountKv();
        int s = (multiprocessors + blocks - 1) / blocks;
        int maxUseful = (contextLength + 31) / 32;
        return Math.max(1, Math.min(Math.min(s, 16), maxUseful));
    }

    private void checkSeq(int seq) {
        if (seq < 0 || seq >= maxSequences) {
            throw new IllegalArgumentException("sequence " + seq + " outside 0.." + (maxSequences - 1));
        }
    }

    private void checkToken(int t) {
        if (t < 0 || t >= c.vocabSize()) {
            throw new IllegalArgumentException("token id " + t + " outside the vocabulary of " + c.vocabSize());
        }
    }

    private void checkPosition(int p) {
        if (p < 0 || p >= contextLength) {
            throw new IllegalArgumentException("position " + p + " outside the context of " + contextLength);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the GPU forward pass is closed");
        }
    }

    private static long alignUp(long v) {
        return (v + ALIGN - 1) & -ALIGN;
    }

    /** Device-to-device copy of 512 MiB: bytes read plus written per second, median of 5 (the decode ceiling). */
    @Override
    public double measureCopyBandwidth() {
        long n = 1L << 29;
        try (DeviceBuffer a = device.alloc(n); DeviceBuffer b = device.alloc(n); Stream s = device.createStream();
             Event start = device.createEvent(); Event end = device.createEvent()) {
            s.fill(a, 0, n, (byte) 0x5a);
            s.copyDeviceToDevice(a, 0, b, 0, n);
            double[] seconds = new double[5];
            for (int i = 0; i < seconds.length; i++) {
                start.record(s);
                s.copyDeviceToDevice(a, 0, b, 0, n);
                end.record(s);
                end.synchronize();
                seconds[i] = end.elapsedMillis(start) / 1e3;
            }
            java.util.Arrays.sort(seconds);
            return 2.0 * n / seconds[seconds.length / 2];
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stream.synchronize();  // a step run ahead may still be on the GPU
        } catch (RuntimeException e) {
            // closing anyway: the device's release below reports a broken context itself
        }
        for (GraphExec g : graphs.values()) {
            g.close();
        }
        graphs.clear();
        // closing the device frees every buffer, stream and module made from it
        device.close();
        arena.close();
    }
}
