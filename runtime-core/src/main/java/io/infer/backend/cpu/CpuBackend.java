package io.infer.backend.cpu;

import io.infer.backend.Backend;
import io.infer.backend.ForwardPass;
import io.infer.model.Qwen3Model;

/** The CPU backend: always available, the reference for every other backend. */
public final class CpuBackend implements Backend {

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Availability availability() {
        return Availability.yes(Runtime.getRuntime().availableProcessors() + " threads, Vector API "
                + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit");
    }

    @Override
    public ForwardPass open(Qwen3Model model, int maxSequences, int contextLength) {
        if (maxSequences < 1 || contextLength < 1) {
            throw new IllegalArgumentException("need at least one sequence and one position, got " + maxSequences + " × " + contextLength);
        }
        return new CpuForwardPass(model.config(), model.weights(), maxSequences, contextLength);
    }
}
