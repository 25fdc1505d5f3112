package io.infer.tensor;

import java.lang.foreign.MemorySegment;

/** Which segments worker threads may touch. */
final class Segments {
    /** A thread that owns no arena: a segment it can access is not confined to its owner thread. */
    private static final Thread STRANGER = Thread.ofPlatform().unstarted(() -> { });

    private Segments() {
    }

    /** False for segments of a confined arena, which only their owner thread may read or write. */
    static boolean shareable(MemorySegment s) {
        return s.isAccessibleBy(STRANGER);
    }
}
