package io.infer.tokenizer;

import java.util.Arrays;

/**
 * BPE merge ranks keyed by the ids of the two symbols being merged: (left, right) → (rank, merged id).
 * Open addressing over primitive arrays so the lookup in the merge loop neither boxes nor builds strings.
 */
final class MergeTable {

    private static final long EMPTY = -1L;

    private final long[] keys;
    /** rank in the high 32 bits, merged token id in the low 32 bits. */
    private final long[] values;
    private final int mask;
    private int size;

    MergeTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        mask = capacity - 1;
        Arrays.fill(keys, EMPTY);
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }

    /** Adds a merge unless the pair already has a (lower) rank; the first occurrence wins, as in llama.cpp. */
    void put(int left, int right, int rank, int merged) {
        long k = key(left, right);
        int i = slot(k, mask);
        while (keys[i] != EMPTY) {
            if (keys[i] == k) {
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = k;
        values[i] = ((long) rank << 32) | (merged & 0xffffffffL);
        size++;
    }

    /** {@code rank << 32 | mergedId}, or -1 if the pair does not merge. */
    long get(int left, int right) {
        long k = key(left, right);
        int i = slot(k, mask);
        long probe;
        while ((probe = keys[i]) != EMPTY) {
            if (probe == k) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return -1L;
    }

    int size() {
        return size;
    }
}
