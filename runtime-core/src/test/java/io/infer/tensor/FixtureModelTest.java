package io.infer.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer.gguf.GgufFile;
import io.infer.gguf.GgufTensor;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Real llama-quantize output: the Q4_K and Q6_K tensors of the small fixture model. */
class FixtureModelTest {

    private static Path model() {
        String dir = System.getProperty("infer.fixtures");
        assumeTrue(dir != null, "infer.fixtures is not set");
        Path p = Path.of(dir, "models", "qwen3-small-q4km.gguf");
        assumeTrue(Files.isRegularFile(p), "fixture model absent: " + p);
        return p;
    }

    @Test
    void q4kAndQ6kTensorsDequantizeLikeGgmlToFiniteNonZeroValues() throws Exception {
        try (GgufFile f = GgufFile.open(model())) {
            for (GgmlType type : new GgmlType[] {GgmlType.Q4_K, GgmlType.Q6_K}) {
                // the smallest one: token_embd is 39M elements, more than this check needs
                GgufTensor t = f.tensors().stream().filter(x -> x.type() == type)
                        .min(java.util.Comparator.comparingLong(GgufTensor::elementCount)).orElse(null);
                assertNotNull(t, "the Q4_K_M fixture has a " + type + " tensor");
                int n = Math.toIntExact(t.elementCount());
                byte[] bytes = new byte[Math.toIntExact(t.byteSize())];
                java.lang.foreign.MemorySegment.copy(t.data(), ValueLayout.JAVA_BYTE, 0, bytes, 0, bytes.length);
                float[] expected = GgmlReference.dequantize(type, bytes, n);

                float[] all = new float[n];
                for (int r = 0; r < t.rows(); r++) {
                    QuantOps.dequantizeRow(t, r, all, r * t.cols());
                }
                assertArrayEquals(expected, all, t.toString());

                double sumSq = 0;
                int zeros = 0;
                for (float v : all) {
                    assertTrue(Float.isFinite(v), t + " has a non-finite weight");
                    sumSq += (double) v * v;
                    zeros += v == 0 ? 1 : 0;
                }
                assertTrue(sumSq > 0 && zeros < n / 2, t + ": " + zeros + " zeros of " + n);

                // the products agree with the dequantized weights on real data too
                float[] x = new float[t.cols()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) Math.sin(i * 0.37);
                }
                float[] out = new float[t.rows()];
                QuantOps.matvec(t, x, 0, out, 0);
                for (int r = 0; r < t.rows(); r += 17) {
                    double exact = 0;
                    double abs = 0;
                    for (int i = 0; i < t.cols(); i++) {
                        exact += (double) all[r * t.cols() + i] * x[i];
                        abs += Math.abs((double) all[r * t.cols() + i] * x[i]);
                    }
                    assertEquals(exact, out[r], abs * t.cols() * Math.ulp(1f), t + " row " + r);
                }
            }
        }
    }
}
