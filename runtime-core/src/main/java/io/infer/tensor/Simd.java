package io.infer.tensor;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shapes every format shares. Quants are loaded 16 bytes at a time (the granularity of the K-quant
 * scales) and widened to {@link #F} in {@link #PARTS} pieces, so one code path serves AVX2 (8 float lanes),
 * AVX-512 (16) and NEON (4).
 */
final class Simd {
    /** Float species: the preferred one, held between 4 and 16 lanes so the byte and short shapes below exist. */
    static final VectorSpecies<Float> F = pickFloatSpecies();
    static final int L = F.length();
    /** 16 quant bytes per load. */
    static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    /** How many float vectors one 16-byte load widens into. */
    static final int PARTS = 16 / L;
    /** Shorts with one lane per float lane (for F16/BF16). */
    static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(L * 16));
    /** Ints with one lane per float lane: 4-bit and 6-bit quants are unpacked in int lanes, where x86 has shifts. */
    static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());

    private Simd() {
    }

    private static VectorSpecies<Float> pickFloatSpecies() {
        VectorSpecies<Float> p = FloatVector.SPECIES_PREFERRED;
        if (p.length() > 16) {
            return FloatVector.SPECIES_512;
        }
        if (p.length() < 4) {
            return FloatVector.SPECIES_128;
        }
        return p;
    }

    /*
     * Vector values never cross a call that C2 might not inline: when a large caller hits the inlining node
     * limit, a vector passed or returned through an ordinary method is boxed on the heap and the loop slows down
     * tenfold. Helpers therefore take segments, offsets and arrays, and the widening of bytes to floats is
     * written out at each use ((FloatVector) q.convertShape(B2F, F, part); the Vector API methods themselves
     * are always inlined).
     */

    /**
     * {@code L} IEEE halves at {@code off} to floats at out[outOff], exactly as {@link Float#float16ToFloat}: the
     * exponent and mantissa are moved into float position and rebiased by a multiply with 2^112, which is exact
     * and also normalises subnormal halves; infinities and NaNs keep an all-ones exponent and their payload.
     */
    static void halfToFloat(MemorySegment src, long off, float[] out, int outOff) {
        ShortVector h16 = ShortVector.fromMemorySegment(S, src, off, Le.ORDER);
        IntVector h = (IntVector) h16.convertShape(VectorOperators.S2I, I, 0);
        IntVector em = h.and(0x7fff).lanewise(VectorOperators.LSHL, 13);
        IntVector bits = em.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
        bits = bits.blend(em.or(0x7f800000), h.and(0x7c00).eq(0x7c00));
        bits.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats().intoArray(out, outOff);
    }

    /** {@code L} bfloat16 values at {@code off} (the upper halves of floats) to floats at out[outOff]. */
    static void bf16ToFloat(MemorySegment src, long off, float[] out, int outOff) {
        ShortVector h16 = ShortVector.fromMemorySegment(S, src, off, Le.ORDER);
        IntVector h = (IntVector) h16.convertShape(VectorOperators.S2I, I, 0);
        h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(out, outOff);
    }

    /**
     * a[aOff..aOff+n) · b[bOff..bOff+n). The summation order depends only on n (four accumulators by element
     * index, lanes summed in order through {@code lanes}, a scalar tail), never on the caller, so matvec and the
     * batched matmul produce bit-identical results for the same row.
     */
    static float dot(float[] a, int aOff, float[] b, int bOff, int n, float[] lanes) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        int step = 4 * L;
        for (; i <= n - step; i += step) {
            s0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), s0);
            s1 = FloatVector.fromArray(F, a, aOff + i + L).fma(FloatVector.fromArray(F, b, bOff + i + L), s1);
            s2 = FloatVector.fromArray(F, a, aOff + i + 2 * L).fma(FloatVector.fromArray(F, b, bOff + i + 2 * L), s2);
            s3 = FloatVector.fromArray(F, a, aOff + i + 3 * L).fma(FloatVector.fromArray(F, b, bOff + i + 3 * L), s3);
        }
        for (; i <= n - L; i += L) {
            s0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), s0);
        }
        s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
        float sum = 0f;
        for (int k = 0; k < L; k++) {
            sum += lanes[k];
        }
        for (; i < n; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }
}
