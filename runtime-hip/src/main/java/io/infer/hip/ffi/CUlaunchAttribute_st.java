package io.infer.hip.ffi;

import java.lang.foreign.MemorySegment;

/**
 * {@code struct CUlaunchAttribute_st} (cuda.h): an attribute id, padding to 8 bytes, then the 64-byte
 * {@code CUlaunchAttributeValue} union, in jextract's struct-class shape. Offsets from {@code offsetof} on CUDA 13's
 * cuda.h, x86-64 (LP64). Only the union member infer sets is spelled out.
 */
@SuppressWarnings({"checkstyle:MethodName", "checkstyle:TypeName"})
public final class CUlaunchAttribute_st {

    private CUlaunchAttribute_st() {}

    /** {@code sizeof(CUlaunchAttribute)}. */
    public static long sizeof() { return 72; }

    /** {@code CUlaunchAttributeID id}. */
    public static long id$offset() { return 0; }
    public static void id(MemorySegment struct, int v) { struct.set(cuda_h.C_INT, id$offset(), v); }

    /** {@code value.programmaticStreamSerializationAllowed} (an {@code int} at the start of the union). */
    public static long value$offset() { return 8; }
    public static void programmaticStreamSerializationAllowed(MemorySegment struct, int v) {
        struct.set(cuda_h.C_INT, value$offset(), v);
    }
}
