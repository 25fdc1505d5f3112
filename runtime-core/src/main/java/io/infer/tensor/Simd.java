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
    /** Shorts with one lane per float lane (for BF16). */
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

    /** {@code L} bfloat16 values at {@code off} (the upper halves of floats) to floats at out[outOff]. */
    static void bf16ToFloat(MemorySegment src, long off, float[] out, int outOff) {
        ShortVector h16 = ShortVector.fromMemorySegment(S, src, off, Le.ORDER);
        IntVector h = (IntVector) h16.convertShape(VectorOperators.S2I, I, 0);
        h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(out, outOff);
    }

    /*
     * The canonical summation order of every dot product in this package, which the fused per-format kernels
     * follow too, so that a dot computed from raw blocks and one computed from a dequantized buffer agree bit
     * for bit: element i of a row goes to accumulator (i / 16) % 4 (each 16 elements as PARTS vectors in
     * order); the four accumulators are added as (s0 + s1) + (s2 + s3), its lanes summed in lane order, then
     * the products of a tail of fewer than 16 elements are added one by one. Within an accumulator elements
     * arrive in increasing index order. The 16-element group matches the granularity of the quant loads.
     */

    /** a[aOff..aOff+n) · b[bOff..bOff+n) in the canonical order. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int n, float[] lanes) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (; i <= n - 64; i += 64) {
            for (int p = 0; p < PARTS; p++) {
                int k = i + p * L;
                s0 = FloatVector.fromArray(F, a, aOff + k).fma(FloatVector.fromArray(F, b, bOff + k), s0);
                s1 = FloatVector.fromArray(F, a, aOff + k + 16).fma(FloatVector.fromArray(F, b, bOff + k + 16), s1);
                s2 = FloatVector.fromArray(F, a, aOff + k + 32).fma(FloatVector.fromArray(F, b, bOff + k + 32), s2);
                s3 = FloatVector.fromArray(F, a, aOff + k + 48).fma(FloatVector.fromArray(F, b, bOff + k + 48), s3);
            }
        }
        // at most three whole groups are left, and they belong to accumulators 0, 1, 2
        if (i <= n - 16) {
            for (int p = 0; p < PARTS; p++) {
                s0 = FloatVector.fromArray(F, a, aOff + i + p * L).fma(FloatVector.fromArray(F, b, bOff + i + p * L), s0);
            }
            i += 16;
            if (i <= n - 16) {
                for (int p = 0; p < PARTS; p++) {
                    s1 = FloatVector.fromArray(F, a, aOff + i + p * L).fma(FloatVector.fromArray(F, b, bOff + i + p * L), s1);
                }
                i += 16;
                if (i <= n - 16) {
                    for (int p = 0; p < PARTS; p++) {
                        s2 = FloatVector.fromArray(F, a, aOff + i + p * L).fma(FloatVector.fromArray(F, b, bOff + i + p * L), s2);
                    }
                    i += 16;
                }
            }
        }
        s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
        float sum = sumLanes(lanes);
        for (; i < n; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    /**
     * Four dots of one row a[aOff..aOff+n) with x[x0..], x[x0+xStride..], x[x0+2*xStride..], x[x0+3*xStride..],
     * each in the canonical order (so each equals {@link #dot} bit for bit), written to out[o], out[o+oStride],
     * out[o+2*oStride], out[o+3*oStride]. Loading the row once for four activations halves the loads per FMA.
     */
    static void dot4(float[] a, int aOff, float[] x, int x0, int xStride, int n, float[] out, int o, int oStride, float[] lanes) {
        int x1 = x0 + xStride;
        int x2 = x1 + xStride;
        int x3 = x2 + xStride;
        FloatVector z = FloatVector.zero(F);
        FloatVector s00 = z, s01 = z, s02 = z, s03 = z;
        FloatVector s10 = z, s11 = z, s12 = z, s13 = z;
        FloatVector s20 = z, s21 = z, s22 = z, s23 = z;
        FloatVector s30 = z, s31 = z, s32 = z, s33 = z;
        int i = 0;
        for (; i <= n - 64; i += 64) {
            for (int p = 0; p < PARTS; p++) {
                int k = i + p * L;
                FloatVector w0 = FloatVector.fromArray(F, a, aOff + k);
                FloatVector w1 = FloatVector.fromArray(F, a, aOff + k + 16);
                FloatVector w2 = FloatVector.fromArray(F, a, aOff + k + 32);
                FloatVector w3 = FloatVector.fromArray(F, a, aOff + k + 48);
                s00 = w0.fma(FloatVector.fromArray(F, x, x0 + k), s00);
                s01 = w1.fma(FloatVector.fromArray(F, x, x0 + k + 16), s01);
                s02 = w2.fma(FloatVector.fromArray(F, x, x0 + k + 32), s02);
                s03 = w3.fma(FloatVector.fromArray(F, x, x0 + k + 48), s03);
                s10 = w0.fma(FloatVector.fromArray(F, x, x1 + k), s10);
                s11 = w1.fma(FloatVector.fromArray(F, x, x1 + k + 16), s11);
                s12 = w2.fma(FloatVector.fromArray(F, x, x1 + k + 32), s12);
                s13 = w3.fma(FloatVector.fromArray(F, x, x1 + k + 48), s13);
                s20 = w0.fma(FloatVector.fromArray(F, x, x2 + k), s20);
                s21 = w1.fma(FloatVector.fromArray(F, x, x2 + k + 16), s21);
                s22 = w2.fma(FloatVector.fromArray(F, x, x2 + k + 32), s22);
                s23 = w3.fma(FloatVector.fromArray(F, x, x2 + k + 48), s23);
                s30 = w0.fma(FloatVector.fromArray(F, x, x3 + k), s30);
                s31 = w1.fma(FloatVector.fromArray(F, x, x3 + k + 16), s31);
                s32 = w2.fma(FloatVector.fromArray(F, x, x3 + k + 32), s32);
                s33 = w3.fma(FloatVector.fromArray(F, x, x3 + k + 48), s33);
            }
        }
        if (i <= n - 16) {
            for (int p = 0; p < PARTS; p++) {
                int k = i + p * L;
                FloatVector w = FloatVector.fromArray(F, a, aOff + k);
                s00 = w.fma(FloatVector.fromArray(F, x, x0 + k), s00);
                s10 = w.fma(FloatVector.fromArray(F, x, x1 + k), s10);
                s20 = w.fma(FloatVector.fromArray(F, x, x2 + k), s20);
                s30 = w.fma(FloatVector.fromArray(F, x, x3 + k), s30);
            }
            i += 16;
            if (i <= n - 16) {
                for (int p = 0; p < PARTS; p++) {
                    int k = i + p * L;
                    FloatVector w = FloatVector.fromArray(F, a, aOff + k);
                    s01 = w.fma(FloatVector.fromArray(F, x, x0 + k), s01);
                    s11 = w.fma(FloatVector.fromArray(F, x, x1 + k), s11);
                    s21 = w.fma(FloatVector.fromArray(F, x, x2 + k), s21);
                    s31 = w.fma(FloatVector.fromArray(F, x, x3 + k), s31);
                }
                i += 16;
                if (i <= n - 16) {
                    for (int p = 0; p < PARTS; p++) {
                        int k = i + p * L;
                        FloatVector w = FloatVector.fromArray(F, a, aOff + k);
                        s02 = w.fma(FloatVector.fromArray(F, x, x0 + k), s02);
                        s12 = w.fma(FloatVector.fromArray(F, x, x1 + k), s12);
                        s22 = w.fma(FloatVector.fromArray(F, x, x2 + k), s22);
                        s32 = w.fma(FloatVector.fromArray(F, x, x3 + k), s32);
                    }
                    i += 16;
                }
            }
        }
        s00.add(s01).add(s02.add(s03)).intoArray(lanes, 0);
        float r0 = sumLanes(lanes);
        s10.add(s11).add(s12.add(s13)).intoArray(lanes, 0);
        float r1 = sumLanes(lanes);
        s20.add(s21).add(s22.add(s23)).intoArray(lanes, 0);
        float r2 = sumLanes(lanes);
        s30.add(s31).add(s32.add(s33)).intoArray(lanes, 0);
        float r3 = sumLanes(lanes);
        for (; i < n; i++) {
            float w = a[aOff + i];
            r0 += w * x[x0 + i];
            r1 += w * x[x1 + i];
            r2 += w * x[x2 + i];
            r3 += w * x[x3 + i];
        }
        out[o] = r0;
        out[o + oStride] = r1;
        out[o + 2 * oStride] = r2;
        out[o + 3 * oStride] = r3;
    }

    /** F32 data read straight from the segment, in the canonical order. */
    static float dotF32(MemorySegment a, long aOff, float[] b, int bOff, int n, float[] lanes) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (; i <= n - 64; i += 64) {
            for (int p = 0; p < PARTS; p++) {
                int k = i + p * L;
                s0 = FloatVector.fromMemorySegment(F, a, aOff + 4L * k, Le.ORDER).fma(FloatVector.fromArray(F, b, bOff + k), s0);
                s1 = FloatVector.fromMemorySegment(F, a, aOff + 4L * (k + 16), Le.ORDER).fma(FloatVector.fromArray(F, b, bOff + k + 16), s1);
                s2 = FloatVector.fromMemorySegment(F, a, aOff + 4L * (k + 32), Le.ORDER).fma(FloatVector.fromArray(F, b, bOff + k + 32), s2);
                s3 = FloatVector.fromMemorySegment(F, a, aOff + 4L * (k + 48), Le.ORDER).fma(FloatVector.fromArray(F, b, bOff + k + 48), s3);
            }
        }
        if (i <= n - 16) {
            for (int p = 0; p < PARTS; p++) {
                s0 = FloatVector.fromMemorySegment(F, a, aOff + 4L * (i + p * L), Le.ORDER).fma(FloatVector.fromArray(F, b, bOff + i + p * L), s0);
            }
            i += 16;
            if (i <= n - 16) {
                for (int p = 0; p < PARTS; p++) {
                    s1 = FloatVector.fromMemorySegment(F, a, aOff + 4L * (i + p * L), Le.ORDER).fma(FloatVector.fromArray(F, b, bOff + i + p * L), s1);
                }
                i += 16;
                if (i <= n - 16) {
                    for (int p = 0; p < PARTS; p++) {
                        s2 = FloatVector.fromMemorySegment(F, a, aOff + 4L * (i + p * L), Le.ORDER).fma(FloatVector.fromArray(F, b, bOff + i + p * L), s2);
                    }
                    i += 16;
                }
            }
        }
        s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
        float sum = sumLanes(lanes);
        for (; i < n; i++) {
            sum += a.get(Le.FLOAT, aOff + 4L * i) * b[bOff + i];
        }
        return sum;
    }

    /** lanes[0] + lanes[1] + ... + lanes[L-1], left to right. */
    static float sumLanes(float[] lanes) {
        float sum = 0f;
        for (int k = 0; k < L; k++) {
            sum += lanes[k];
        }
        return sum;
    }
}
