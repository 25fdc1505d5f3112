package io.infer.model;

import io.infer.gguf.GgufTensor;

/**
 * The tensors of a Qwen3 model, straight from the mmapped GGUF (nothing copied). Matrices follow ggml's
 * convention: {@code shape[0]} is the row length (input width), {@code shape[1]} the number of rows (outputs).
 *
 * @param output the output projection; the same tensor as {@code tokenEmbd} when the model ties them
 */
public record Qwen3Weights(GgufTensor tokenEmbd, GgufTensor outputNorm, GgufTensor output, Layer[] layers) {

    /** One transformer block. Norm weights are F32 vectors; the rest are matrices of any supported type. */
    public record Layer(
            GgufTensor attnNorm,
            GgufTensor attnQ,
            GgufTensor attnK,
            GgufTensor attnV,
            GgufTensor attnQNorm,
            GgufTensor attnKNorm,
            GgufTensor attnOutput,
            GgufTensor ffnNorm,
            GgufTensor ffnGate,
            GgufTensor ffnUp,
            GgufTensor ffnDown) {
    }
}
