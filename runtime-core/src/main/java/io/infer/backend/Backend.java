package io.infer.backend;

import io.infer.model.Qwen3Model;

/** A device kind that can run the Qwen3 graph (cpu, gpu). Implementations are found by {@link Backends}. */
public interface Backend {

    /** Short name used on the command line: {@code cpu}, {@code gpu}. */
    String name();

    /** Whether this backend can run here (a driver loads and finds a device the bundled code supports), and why not. */
    Availability availability();

    /** Loads the model's weights onto the device and allocates the KV cache. */
    ForwardPass open(Qwen3Model model, int maxSequences, int contextLength);

    record Availability(boolean available, String detail) {
        public static Availability yes(String detail) {
            return new Availability(true, detail);
        }

        public static Availability no(String reason) {
            return new Availability(false, reason);
        }
    }
}
