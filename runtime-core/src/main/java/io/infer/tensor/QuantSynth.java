package io.infer.tensor;

import java.lang.foreign.MemorySegment;
import java.util.stream.IntStream;

/**
 * Writes valid random tensors for synthetic models ({@code infer synth}): random quants with small fp16
 * scales chosen so the dequantized values have a standard deviation near {@code scale} and a mean near zero,
 * always finite. Output depends only on (type, elements, seed, scale): the data is cut into fixed chunks, each
 * filled from its own generator seeded by (seed, chunk index), and the chunks are filled in parallel.
 */
public final class QuantSynth {
    /** Elements per independently seeded chunk; a multiple of every block size. */
    static final int CHUNK_ELEMENTS = 1 << 18;
    /** Per-block scales vary by up to ±25% around the base, picked from this many steps. */
    private static final int D_STEPS = 16;
    private static final float SQRT3 = (float) Math.sqrt(3);

    private QuantSynth() {
    }

    /**
     * Fills {@code elements} elements of {@code type} at the start of {@code dst} with random values of roughly
     * N(0, scale) magnitude. Supported: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K. Chunks are written in
     * parallel unless {@code dst} belongs to a confined arena.
     */
    public static void fillRandom(GgmlType type, MemorySegment dst, long elements, long seed, float scale) {
        if (!(scale > 0 && Float.isFinite(scale))) {
            throw new IllegalArgumentException("scale must be positive and finite: " + scale);
        }
        checkSize(type, dst, elements);
        Filler filler = switch (type) {
            case F32 -> uniformF32(0f, SQRT3 * scale);
            case F16 -> f16(scale);
            case BF16 -> bf16(scale);
            case Q8_0 -> q8_0(scale);
            case Q4_0 -> q4_0(scale);
            case Q4_K -> q4k(scale);
            case Q5_K -> q5k(scale);
            case Q6_K -> q6k(scale);
            default -> throw new UnsupportedTensorTypeException(null, type);
        };
        fill(type, dst, elements, seed, filler);
    }

    /** F32 values uniform in [center - halfWidth, center + halfWidth). */
    public static void fillUniformF32(MemorySegment dst, long elements, long seed, float center, float halfWidth) {
        if (!Float.isFinite(center) || !(halfWidth >= 0 && Float.isFinite(halfWidth))) {
            throw new IllegalArgumentException("bad range " + center + " ± " + halfWidth);
        }
        checkSize(GgmlType.F32, dst, elements);
        fill(GgmlType.F32, dst, elements, seed, uniformF32(center, halfWidth));
    }

    /** F32 RMSNorm weights: values within ±0.1 of 1.0, as trained norm weights roughly are. */
    public static void fillNormWeights(MemorySegment dst, long elements, long seed) {
        fillUniformF32(dst, elements, seed, 1f, 0.1f);
    }

    private static void checkSize(GgmlType type, MemorySegment dst, long elements) {
        long bytes = type.byteSize(elements);
        if (elements < 0 || dst.byteSize() < bytes) {
            throw new IllegalArgumentException(type + " x " + elements + " needs " + bytes + " bytes; the segment has " + dst.byteSize());
        }
    }

    /** Writes {@code count} elements (whole blocks) at byte {@code off} from {@code rng}. */
    @FunctionalInterface
    private interface Filler {
        void fill(MemorySegment dst, long off, int count, SplitMix rng);
    }

    private static void fill(GgmlType type, MemorySegment dst, long elements, long seed, Filler filler) {
        int chunks = Math.toIntExact(Math.ceilDiv(elements, CHUNK_ELEMENTS));
        IntStream range = IntStream.range(0, chunks);
        (Segments.shareable(dst) ? range.parallel() : range).forEach(c -> {
            long first = (long) c * CHUNK_ELEMENTS;
            int count = (int) Math.min(CHUNK_ELEMENTS, elements - first);
            filler.fill(dst, type.byteSize(first), count, new SplitMix(seed, c));
        });
    }

    private static Filler uniformF32(float center, float halfWidth) {
        float k = halfWidth * 0x1p-31f;
        return (dst, off, count, rng) -> {
            int i = 0;
            for (; i + 1 < count; i += 2) {
                long r = rng.next();
                float a = center + (int) r * k;
                float b = center + (int) (r >>> 32) * k;
                dst.set(Le.LONG, off + 4L * i, (Float.floatToRawIntBits(a) & 0xFFFFFFFFL) | (long) Float.floatToRawIntBits(b) << 32);
            }
            if (i < count) {
                dst.set(Le.FLOAT, off + 4L * i, center + (int) rng.next() * k);
            }
        };
    }

    /** Four values per random long, each from 16 random bits, uniform with standard deviation {@code scale}. */
    private static Filler halves(float scale, boolean bf16) {
        float k = SQRT3 * scale * 0x1p-15f;
        return (dst, off, count, rng) -> {
            int i = 0;
            for (; i + 3 < count; i += 4) {
                long r = rng.next();
                long packed = 0;
                for (int j = 0; j < 4; j++) {
                    float v = (short) (r >>> (16 * j)) * k;
                    packed |= (long) (toHalf(v, bf16) & 0xFFFF) << (16 * j);
                }
                dst.set(Le.LONG, off + 2L * i, packed);
            }
            for (; i < count; i++) {
                dst.set(Le.SHORT, off + 2L * i, toHalf((short) rng.next() * k, bf16));
            }
        };
    }

    private static short toHalf(float v, boolean bf16) {
        if (bf16) {
            // round to nearest even into the upper half of the float
            int bits = Float.floatToRawIntBits(v);
            return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
        }
        return Float.floatToFloat16(v);
    }

    private static Filler f16(float scale) {
        return halves(scale, false);
    }

    private static Filler bf16(float scale) {
        return halves(scale, true);
    }

    /**
     * fp16 bits of {@code D_STEPS} block scales spread ±25% around {@code base}, and of {@code ratio} times each
     * (the matching dmin). Fails when the scale is too small or large to be a finite non-zero half.
     * Formats whose quants are (almost) symmetric around zero get scales of both signs, as ggml's quantizers
     * produce, which also cancels their small bias.
     */
    private static short[] scaleTable(float base, float ratio, boolean signed) {
        short[] t = new short[2 * D_STEPS];
        for (int k = 0; k < D_STEPS; k++) {
            float sign = signed && (k & 1) == 1 ? -1f : 1f;
            short d = Float.floatToFloat16(sign * base * (0.75f + 0.5f * k / (D_STEPS - 1)));
            float dv = Float.float16ToFloat(d);
            short dmin = Float.floatToFloat16(dv * ratio);
            if (dv == 0 || Float.isInfinite(Float.float16ToFloat(dmin)) || Float.isInfinite(dv)) {
                throw new IllegalArgumentException("scale " + base + " does not fit a finite non-zero fp16 block scale");
            }
            t[2 * k] = d;
            t[2 * k + 1] = dmin;
        }
        return t;
    }

    /** Standard deviation of a uniform integer in [0, n). */
    private static float uniformSd(int n) {
        return (float) Math.sqrt((n * (double) n - 1) / 12);
    }

    /** Root mean square of the integers in [lo, hi]. */
    private static float rms(int lo, int hi) {
        double s = 0;
        for (int k = lo; k <= hi; k++) {
            s += (double) k * k;
        }
        return (float) Math.sqrt(s / (hi - lo + 1));
    }

    private static void writeLongs(MemorySegment dst, long off, int n, SplitMix rng) {
        for (int i = 0; i < n; i++) {
            dst.set(Le.LONG, off + 8L * i, rng.next());
        }
    }

    private static Filler q8_0(float scale) {
        short[] d = scaleTable(scale / uniformSd(256), 0, true);
        return (dst, off, count, rng) -> {
            for (int b = 0; b < count / Q8_0Block.QK; b++) {
                long bo = off + (long) b * Q8_0Block.BYTES;
                long r = rng.next();
                dst.set(Le.SHORT, bo + Q8_0Block.D, d[2 * (int) (r & (D_STEPS - 1))]);
                writeLongs(dst, bo + Q8_0Block.QS, 4, rng);
            }
        };
    }

    private static Filler q4_0(float scale) {
        short[] d = scaleTable(scale / uniformSd(16), 0, true);
        return (dst, off, count, rng) -> {
            for (int b = 0; b < count / Q4_0Block.QK; b++) {
                long bo = off + (long) b * Q4_0Block.BYTES;
                long r = rng.next();
                dst.set(Le.SHORT, bo + Q4_0Block.D, d[2 * (int) (r & (D_STEPS - 1))]);
                writeLongs(dst, bo + Q4_0Block.QS, 2, rng);
            }
        };
    }

    /**
     * The 16 header bytes of a Q4_K/Q5_K block: d, dmin and twelve scale bytes with every sub-block's min equal to
     * its scale, each random in [32, 63]; with dmin = mean(q) * d the values are centred on zero.
     */
    private static void writeKHeader(MemorySegment dst, long bo, short[] table, SplitMix rng) {
        long r = rng.next();
        int k = (int) (r & (D_STEPS - 1));
        long lo4 = 0;
        long hi4 = 0;
        for (int j = 0; j < 4; j++) {
            long sc = 32 + ((r >>> (4 + 5 * j)) & 31);
            long sc4 = 32 + ((r >>> (24 + 5 * j)) & 31);
            lo4 |= (sc | ((sc4 >> 4) << 6)) << (8 * j);
            hi4 |= ((sc4 & 0xF) * 0x11) << (8 * j);
        }
        // bytes 0..3: d, dmin; 4..7: scales of sub-blocks 0..3; 8..11: mins 0..3 (= scales); 12..15: low bits of 4..7
        dst.set(Le.LONG, bo, (table[2 * k] & 0xFFFFL) | (table[2 * k + 1] & 0xFFFFL) << 16 | lo4 << 32);
        dst.set(Le.LONG, bo + 8, lo4 | hi4 << 32);
    }

    private static Filler q4k(float scale) {
        short[] t = scaleTable(scale / (uniformSd(16) * rms(32, 63)), 7.5f, false);
        return (dst, off, count, rng) -> {
            for (int b = 0; b < count / Q4KBlock.QK; b++) {
                long bo = off + (long) b * Q4KBlock.BYTES;
                writeKHeader(dst, bo, t, rng);
                writeLongs(dst, bo + Q4KBlock.QS, 16, rng);
            }
        };
    }

    private static Filler q5k(float scale) {
        short[] t = scaleTable(scale / (uniformSd(32) * rms(32, 63)), 15.5f, false);
        return (dst, off, count, rng) -> {
            for (int b = 0; b < count / Q5KBlock.QK; b++) {
                long bo = off + (long) b * Q5KBlock.BYTES;
                writeKHeader(dst, bo, t, rng);
                writeLongs(dst, bo + Q5KBlock.QH, 4 + 16, rng);
            }
        };
    }

    private static Filler q6k(float scale) {
        short[] t = scaleTable(scale / (uniformSd(64) * rms(64, 127)), 0, true);
        return (dst, off, count, rng) -> {
            for (int b = 0; b < count / Q6KBlock.QK; b++) {
                long bo = off + (long) b * Q6KBlock.BYTES;
                writeLongs(dst, bo + Q6KBlock.QL, 16 + 8, rng);
                for (int i = 0; i < 2; i++) {
                    // sixteen signed scales in [64, 127]
                    dst.set(Le.LONG, bo + Q6KBlock.SCALES + 8 * i, (rng.next() & 0x3F3F3F3F3F3F3F3FL) | 0x4040404040404040L);
                }
                dst.set(Le.SHORT, bo + Q6KBlock.D, t[2 * (int) (rng.next() & (D_STEPS - 1))]);
            }
        };
    }

    /** SplitMix64 (Steele, Lea, Flood 2014): tiny state, good enough for random weights, seeded per chunk. */
    static final class SplitMix {
        private long state;

        SplitMix(long seed, long stream) {
            state = mix(seed) ^ mix(stream * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        }

        long next() {
            return mix(state += 0x9E3779B97F4A7C15L);
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
