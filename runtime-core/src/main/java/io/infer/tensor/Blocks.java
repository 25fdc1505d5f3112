package io.infer.tensor;

/** Checks shared by the block formats. */
final class Blocks {
    private Blocks() {
    }

    /** Number of whole blocks in n elements; n must be a non-negative multiple of the block size. */
    static int count(GgmlType type, int n) {
        if (n < 0 || n % type.blockSize != 0) {
            throw new IllegalArgumentException(type + ": " + n + " elements is not a multiple of the block size " + type.blockSize);
        }
        return n / type.blockSize;
    }
}
