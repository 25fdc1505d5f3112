package io.infer.tensor;

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

    /** Part {@code part} of 16 bytes, widened (signed) to floats. */
    static FloatVector widen(ByteVector b, int part) {
        return (FloatVector) b.convertShape(VectorOperators.B2F, F, part);
    }

    /**
     * IEEE half bits (one per lane) to floats, exactly as {@link Float#float16ToFloat}: the exponent and
     * mantissa are moved into float position and rebiased by a multiply with 2^112, which is exact and also
     * normalises subnormal halves; infinities and NaNs keep an all-ones exponent and their payload.
     */
    static FloatVector halfToFloat(ShortVector h16) {
        IntVector h = (IntVector) h16.convertShape(VectorOperators.S2I, I, 0);
        IntVector em = h.and(0x7fff).lanewise(VectorOperators.LSHL, 13);
        IntVector bits = em.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
        bits = bits.blend(em.or(0x7f800000), h.and(0x7c00).eq(0x7c00));
        return bits.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
    }

    /** bfloat16 bits (one per lane) to floats: the upper half of a float. */
    static FloatVector bf16ToFloat(ShortVector h16) {
        IntVector h = (IntVector) h16.convertShape(VectorOperators.S2I, I, 0);
        return h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
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
