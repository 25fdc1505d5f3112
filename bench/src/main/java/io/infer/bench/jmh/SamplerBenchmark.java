package io.infer.bench.jmh;

import io.infer.sampling.Sampler;
import io.infer.sampling.SamplingParams;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One draw from a row of Qwen3's 151,936 logits, the host's share of every sampled token (once per sequence of a
 * decode step): with llama.cpp's default sampler (temperature 0.8, top-k 40, top-p 0.95, min-p 0.05), and as an
 * OpenAI request without top_k leaves it (temperature 0.8 over the whole vocabulary, top-p 1 or 0.95).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SamplerBenchmark {

    static final int VOCAB = 151_936;

    float[] logits;
    Sampler sampler;
    Sampler wholeVocabulary;
    Sampler wholeVocabularyTopP;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(42);
        logits = new float[VOCAB];
        for (int i = 0; i < VOCAB; i++) {
            logits[i] = (float) (random.nextGaussian() * 3);
        }
        sampler = new Sampler(SamplingParams.defaults().withSeed(7), VOCAB);
        SamplingParams openAi = new SamplingParams(0.8f, 0, 1f, 0f, 1f, 64, 0f, 0f, 7);
        wholeVocabulary = new Sampler(openAi, VOCAB);
        wholeVocabularyTopP = new Sampler(openAi.withTopP(0.95f), VOCAB);
    }

    @Benchmark
    public int sampleDefaults() {
        return sampler.sample(logits, 0);
    }

    @Benchmark
    public int sampleWholeVocabulary() {
        return wholeVocabulary.sample(logits, 0);
    }

    @Benchmark
    public int sampleWholeVocabularyTopP() {
        return wholeVocabularyTopP.sample(logits, 0);
    }
}
