package io.infer.model;

/**
 * Hyperparameters of a Qwen3 model, read from GGUF keys in one place ({@code Qwen3Model}); no other code reads
 * these keys.
 *
 * @param blockCount    number of transformer layers
 * @param embeddingLength model width (n_embd)
 * @param feedForwardLength FFN hidden width
 * @param headCount     query heads
 * @param headCountKv   key/value heads (grouped-query attention)
 * @param headDim       per-head width of q and k (attention.key_length)
 * @param valueDim      per-head width of v (attention.value_length)
 * @param rmsEps        RMSNorm epsilon
 * @param ropeFreqBase  NEOX RoPE base frequency
 * @param contextLength trained context length
 * @param vocabSize     rows of the token embedding
 * @param tiedOutput    true when the output projection reuses token_embd
 */
public record Qwen3Config(
        String architecture,
        int blockCount,
        int embeddingLength,
        int feedForwardLength,
        int headCount,
        int headCountKv,
        int headDim,
        int valueDim,
        float rmsEps,
        float ropeFreqBase,
        int contextLength,
        int vocabSize,
        boolean tiedOutput) {

    public int qDim() {
        return headCount * headDim;
    }

    public int kvDim() {
        return headCountKv * headDim;
    }

    public int vDim() {
        return headCountKv * valueDim;
    }
}
