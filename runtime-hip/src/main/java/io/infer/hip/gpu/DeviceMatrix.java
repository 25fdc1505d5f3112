package io.infer.hip.gpu;

import io.infer.tensor.GgmlType;

/**
 * A weight matrix in device memory, in its GGUF block layout: {@code rows} rows of {@code cols} values.
 *
 * @param fast whether it is multiplied by the dp4a kernel (activations quantized to 8 bits) rather than the exact one
 */
record DeviceMatrix(String name, GgmlType type, long address, int rows, int cols, boolean fast) {
}
