/**
 * Tensor element formats: block geometry ({@link io.infer.tensor.GgmlType}), one class per supported format
 * holding its ggml block layout, an exact dequantizer (vector, bit-identical to ggml's dequantize_row_*) and a
 * scalar reference ({@link io.infer.tensor.F32Block}, {@link io.infer.tensor.F16Block},
 * {@link io.infer.tensor.BF16Block}, {@link io.infer.tensor.Q8_0Block}, {@link io.infer.tensor.Q4_0Block},
 * {@link io.infer.tensor.Q4KBlock}, {@link io.infer.tensor.Q5KBlock}, {@link io.infer.tensor.Q6KBlock}).
 *
 * <p>{@link io.infer.tensor.QuantOps} is the entry point for everything else: dequantizing rows, dot
 * products, and the multi-threaded matvec/matmul of the CPU backend. {@link io.infer.tensor.QuantSynth} writes
 * random valid tensors for synthetic models.
 */
package io.infer.tensor;
