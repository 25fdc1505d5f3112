package io.infer.backend.cpu;

import io.infer.backend.ForwardPass;
import io.infer.gguf.GgufTensor;
import io.infer.model.Qwen3Config;
import io.infer.model.Qwen3Weights;
import io.infer.tensor.QuantOps;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import io.infer.util.Parallel;

/**
 * The Qwen3 forward pass on the CPU: the reference every other backend is checked against. Tokens are processed
 * in micro-batches (a prompt chunk of one sequence, or one token of several sequences) so each weight row is read
 * once per batch; attention runs per token over its own sequence's cache. All buffers are allocated up front for
 * {@link #MAX_BATCH} tokens; the per-token path allocates nothing.
 */
final class CpuForwardPass implements ForwardPass {

    static final int MAX_BATCH = 32;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Qwen3Config c;
    private final Qwen3Weights w;
    private final int maxSequences;
    private final int contextLength;
    /** Norm weights copied to the heap once: they are tiny and read every token. */
    private final float[][] attnNorm, ffnNorm, qNorm, kNorm;
    private final float[] outputNorm;
    /** KV cache, allocated per (layer, sequence) on first use: (ctx, kvDim) each. */
    private final float[][][] keyCache, valueCache;

    // activations for up to MAX_BATCH tokens, row-major (token, width)
    private final float[] x;      // (B, d) residual stream
    private final float[] xb;     // (B, d) normed input
    private final float[] q;      // (B, qDim)
    private final float[] k;      // (B, kvDim)
    private final float[] v;      // (B, vDim)
    private final float[] att;    // (B, nHead * vDim) attention output
    private final float[] proj;   // (B, d)
    private final float[] gate;   // (B, ffn)
    private final float[] up;     // (B, ffn)
    /** The attention job in flight (fields, so the parallel body is one object made once). */
    private int attLayer;
    private int[] attSeqs, attPositions;
    private final Parallel.Body attentionBody = this::attendOne;
    /** Per-thread attention scores over the context. */
    private final ThreadLocal<float[]> scoreRows;
    private final float[] logits; // (B, vocab)

    CpuForwardPass(Qwen3Config config, Qwen3Weights weights, int maxSequences, int contextLength) {
        this.c = config;
        this.w = weights;
        this.maxSequences = maxSequences;
        this.contextLength = contextLength;
        int layers = c.blockCount();
        attnNorm = new float[layers][];
        ffnNorm = new float[layers][];
        qNorm = new float[layers][];
        kNorm = new float[layers][];
        for (int l = 0; l < layers; l++) {
            Qwen3Weights.Layer L = w.layers()[l];
            attnNorm[l] = floats(L.attnNorm());
            ffnNorm[l] = floats(L.ffnNorm());
            qNorm[l] = floats(L.attnQNorm());
            kNorm[l] = floats(L.attnKNorm());
        }
        outputNorm = floats(w.outputNorm());
        keyCache = new float[layers][maxSequences][];
        valueCache = new float[layers][maxSequences][];
        int d = c.embeddingLength();
        x = new float[MAX_BATCH * d];
        xb = new float[MAX_BATCH * d];
        q = new float[MAX_BATCH * c.qDim()];
        k = new float[MAX_BATCH * c.kvDim()];
        v = new float[MAX_BATCH * c.vDim()];
        att = new float[MAX_BATCH * c.headCount() * c.valueDim()];
        proj = new float[MAX_BATCH * d];
        gate = new float[MAX_BATCH * c.feedForwardLength()];
        up = new float[MAX_BATCH * c.feedForwardLength()];
        scoreRows = ThreadLocal.withInitial(() -> new float[contextLength]);
        logits = new float[MAX_BATCH * c.vocabSize()];
    }

    private static float[] floats(GgufTensor t) {
        float[] out = new float[(int) t.elementCount()];
        MemorySegment.copy(t.data(), F32, 0, out, 0, out.length);
        return out;
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

    private final int[] seqBuf = new int[MAX_BATCH];
    private final int[] tokBuf = new int[MAX_BATCH];
    private final int[] posBuf = new int[MAX_BATCH];

    @Override
    public void prefill(int seq, int[] tokens, int count, int startPos, float[] out, boolean allLogits) {
        checkSeq(seq);
        if (startPos < 0 || startPos + count > contextLength) {
            throw new IllegalArgumentException("positions " + startPos + ".." + (startPos + count) + " exceed the context of " + contextLength);
        }
        int vocab = c.vocabSize();
        for (int done = 0; done < count; done += MAX_BATCH) {
            int b = Math.min(MAX_BATCH, count - done);
            for (int i = 0; i < b; i++) {
                seqBuf[i] = seq;
                tokBuf[i] = tokens[done + i];
                posBuf[i] = startPos + done + i;
            }
            boolean last = done + b == count;
            if (allLogits) {
                forward(b, seqBuf, tokBuf, posBuf, 0, b);
                System.arraycopy(logits, 0, out, done * vocab, b * vocab);
            } else {
                // only the last prompt token's logits are wanted: forward() leaves them in row 0
                forward(b, seqBuf, tokBuf, posBuf, last ? b - 1 : b, b);
                if (last) {
                    System.arraycopy(logits, 0, out, 0, vocab);
                }
            }
        }
    }

    @Override
    public void decode(int batch, int[] seqs, int[] tokens, int[] positions, float[] out) {
        int vocab = c.vocabSize();
        for (int done = 0; done < batch; done += MAX_BATCH) {
            int b = Math.min(MAX_BATCH, batch - done);
            forwardRows(done, b, seqs, tokens, positions);
            System.arraycopy(logits, 0, out, done * vocab, b * vocab);
        }
    }

    private final int[] one = new int[1];
    private final int[] onePos = new int[1];
    private final int[] oneSeq = new int[1];

    @Override
    public int decodeGreedy(int seq, int token, int position) {
        oneSeq[0] = seq;
        one[0] = token;
        onePos[0] = position;
        decode(1, oneSeq, one, onePos, logits);
        return argmax(logits, 0);
    }

    @Override
    public void decodeGreedy(int batch, int[] seqs, int[] tokens, int[] positions, int[] out) {
        int vocab = c.vocabSize();
        for (int done = 0; done < batch; done += MAX_BATCH) {
            int b = Math.min(MAX_BATCH, batch - done);
            forwardRows(done, b, seqs, tokens, positions);
            for (int i = 0; i < b; i++) {
                out[done + i] = argmax(logits, i * vocab);
            }
        }
    }

    /** One step of rows {@code [done, done + b)} of a decode batch ({@code b <= MAX_BATCH}): logits in {@link #logits}. */
    private void forwardRows(int done, int b, int[] seqs, int[] tokens, int[] positions) {
        for (int i = 0; i < b; i++) {
            checkSeq(seqs[done + i]);
            if (positions[done + i] < 0 || positions[done + i] >= contextLength) {
                throw new IllegalArgumentException("position " + positions[done + i] + " outside the context of " + contextLength);
            }
            seqBuf[i] = seqs[done + i];
            tokBuf[i] = tokens[done + i];
            posBuf[i] = positions[done + i];
        }
        forward(b, seqBuf, tokBuf, posBuf, 0, b);
    }

    private int argmax(float[] row, int offset) {
        int best = 0;
        for (int i = 1; i < c.vocabSize(); i++) {
            if (row[offset + i] > row[offset + best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public void close() {
        for (float[][] perSeq : keyCache) {
            java.util.Arrays.fill(perSeq, null);
        }
        for (float[][] perSeq : valueCache) {
            java.util.Arrays.fill(perSeq, null);
        }
    }

    private void checkSeq(int seq) {
        if (seq < 0 || seq >= maxSequences) {
            throw new IllegalArgumentException("sequence " + seq + " outside 0.." + (maxSequences - 1));
        }
    }

    /**
     * Runs {@code b} tokens through the model. Logits are computed for tokens {@code [logitsFrom, logitsTo)}
     * into rows {@code 0..} of {@link #logits}.
     */
    private void forward(int b, int[] seqs, int[] tokens, int[] positions, int logitsFrom, int logitsTo) {
        int d = c.embeddingLength();
        // token embedding: dequantize one row per token
        for (int i = 0; i < b; i++) {
            if (tokens[i] < 0 || tokens[i] >= c.vocabSize()) {
                throw new IllegalArgumentException("token id " + tokens[i] + " outside the vocabulary of " + c.vocabSize());
            }
            QuantOps.dequantizeRow(w.tokenEmbd(), tokens[i], x, i * d);
        }
        for (int l = 0; l < c.blockCount(); l++) {
            Qwen3Weights.Layer L = w.layers()[l];
            // attention block: xb = rmsnorm(x) ; q,k,v = xb·Wq,Wk,Wv
            rmsnormRows(xb, x, attnNorm[l], b, d);
            QuantOps.matmul(L.attnQ(), xb, b, d, q, c.qDim());
            QuantOps.matmul(L.attnK(), xb, b, d, k, c.kvDim());
            QuantOps.matmul(L.attnV(), xb, b, d, v, c.vDim());
            for (int i = 0; i < b; i++) {
                // per-head q/k RMSNorm, then NEOX RoPE at the token's position
                for (int h = 0; h < c.headCount(); h++) {
                    int off = i * c.qDim() + h * c.headDim();
                    rmsnorm(q, off, q, off, qNorm[l], c.headDim());
                    rope(q, off, positions[i]);
                }
                for (int h = 0; h < c.headCountKv(); h++) {
                    int off = i * c.kvDim() + h * c.headDim();
                    rmsnorm(k, off, k, off, kNorm[l], c.headDim());
                    rope(k, off, positions[i]);
                }
                // K/V into the sequence's cache at the token's position
                float[] kc = cache(keyCache, l, seqs[i], c.kvDim());
                float[] vc = cache(valueCache, l, seqs[i], c.vDim());
                // the cache holds F16 values (as llama.cpp's default cache type and our GPU cache do)
                toHalfPrecision(k, i * c.kvDim(), kc, positions[i] * c.kvDim(), c.kvDim());
                toHalfPrecision(v, i * c.vDim(), vc, positions[i] * c.vDim(), c.vDim());
            }
            attention(b, l, seqs, positions);
            QuantOps.matmul(L.attnOutput(), att, b, c.headCount() * c.valueDim(), proj, d);
            addInPlace(x, proj, b * d);

            // feed-forward block: x += W_down · (silu(xb·W_gate) * (xb·W_up)), xb = rmsnorm(x)
            rmsnormRows(xb, x, ffnNorm[l], b, d);
            int ffn = c.feedForwardLength();
            QuantOps.matmul(L.ffnGate(), xb, b, d, gate, ffn);
            QuantOps.matmul(L.ffnUp(), xb, b, d, up, ffn);
            for (int i = 0; i < b * ffn; i++) {
                float g = gate[i];
                gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
            }
            QuantOps.matmul(L.ffnDown(), gate, b, ffn, proj, d);
            addInPlace(x, proj, b * d);
        }
        // final norm and output projection for the tokens whose logits are wanted
        int n = logitsTo - logitsFrom;
        if (n > 0) {
            for (int r = 0; r < n; r++) {
                rmsnorm(xb, r * d, x, (logitsFrom + r) * d, outputNorm, d);
            }
            QuantOps.matmul(w.output(), xb, n, d, logits, c.vocabSize());
        }
    }

    private float[] cache(float[][][] cache, int layer, int seq, int width) {
        float[] a = cache[layer][seq];
        if (a == null) {
            a = new float[contextLength * width];
            cache[layer][seq] = a;
        }
        return a;
    }

    /** Causal grouped-query attention of each (token, head) over its sequence's cache, spread over the CPU workers. */
    private void attention(int b, int layer, int[] seqs, int[] positions) {
        attLayer = layer;
        attSeqs = seqs;
        attPositions = positions;
        Parallel.forEach(b * c.headCount(), attentionBody);
    }

    private void attendOne(int job) {
        int nHead = c.headCount();
        int group = nHead / c.headCountKv();
        int hd = c.headDim();
        int vd = c.valueDim();
        float scale = (float) (1.0 / Math.sqrt(hd));
        int layer = attLayer;
        int[] seqs = attSeqs;
        int[] positions = attPositions;

        int i = job / nHead;
        int h = job % nHead;
        int kvh = h / group;
        float[] kc = keyCache[layer][seqs[i]];
        float[] vc = valueCache[layer][seqs[i]];
        int len = positions[i] + 1;
        int qOff = i * c.qDim() + h * hd;
        int oOff = i * nHead * vd + h * vd;
        // llama.cpp multiplies the F16 cache with F16-rounded operands (q for the scores, the probabilities
        // for the values); doing the same keeps this reference within the goldens' tolerance.
        float[] sc = scoreRows.get();
        float max = Float.NEGATIVE_INFINITY;
        for (int t = 0; t < len; t++) {
            int kOff = t * c.kvDim() + kvh * hd;
            float s = 0;
            for (int j = 0; j < hd; j++) {
                s += half(q[qOff + j]) * kc[kOff + j];
            }
            s *= scale;
            sc[t] = s;
            max = Math.max(max, s);
        }
        float sum = 0;
        for (int t = 0; t < len; t++) {
            float e = (float) Math.exp(sc[t] - max);
            sc[t] = e;
            sum += e;
        }
        java.util.Arrays.fill(att, oOff, oOff + vd, 0f);
        for (int t = 0; t < len; t++) {
            float p = half(sc[t] / sum);
            int vOff = t * c.vDim() + kvh * vd;
            for (int j = 0; j < vd; j++) {
                att[oOff + j] += p * vc[vOff + j];
            }
        }
    }

    private void rmsnormRows(float[] out, float[] in, float[] weight, int rows, int n) {
        for (int r = 0; r < rows; r++) {
            rmsnorm(out, r * n, in, r * n, weight, n);
        }
    }

    private void rmsnorm(float[] out, int outOff, float[] in, int inOff, float[] weight, int n) {
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += in[inOff + i] * in[inOff + i];
        }
        float inv = (float) (1.0 / Math.sqrt(ss / n + c.rmsEps()));
        for (int i = 0; i < n; i++) {
            out[outOff + i] = in[inOff + i] * inv * weight[i];
        }
    }

    /**
     * NEOX RoPE: rotates the pairs (j, j + headDim/2) by pos · base^(-2j/headDim). The angle is stepped by float
     * multiplication as ggml does, so long positions round the same way as the reference.
     */
    private void rope(float[] a, int off, int pos) {
        int hd = c.headDim();
        int half = hd / 2;
        float thetaScale = (float) Math.pow(c.ropeFreqBase(), -2.0 / hd);
        float theta = pos;
        for (int j = 0; j < half; j++) {
            float cos = (float) Math.cos(theta);
            float sin = (float) Math.sin(theta);
            float x0 = a[off + j];
            float x1 = a[off + j + half];
            a[off + j] = x0 * cos - x1 * sin;
            a[off + j + half] = x0 * sin + x1 * cos;
            theta *= thetaScale;
        }
    }

    /** Rounds to F16 and back: llama.cpp multiplies the F16 cache with F16-rounded operands. */
    private static float half(float v) {
        return Float.float16ToFloat(Float.floatToFloat16(v));
    }

    private static void toHalfPrecision(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = Float.float16ToFloat(Float.floatToFloat16(src[srcOff + i]));
        }
    }

    private static void addInPlace(float[] acc, float[] delta, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] += delta[i];
        }
    }
}
