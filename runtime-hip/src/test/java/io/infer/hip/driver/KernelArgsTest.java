package io.infer.hip.driver;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KernelArgsTest {

    /** The memory kernelParams[i] points at, as the driver reads it. */
    private static MemorySegment argument(KernelArgs args, int i, long bytes) {
        long address = args.kernelParams().getAtIndex(JAVA_LONG, i);
        return MemorySegment.ofAddress(address).reinterpret(bytes);
    }

    @Test
    void eachParamPointsAtItsValueInOrder() {
        try (Arena arena = Arena.ofConfined()) {
            KernelArgs args = new KernelArgs(arena, 8);
            args.clear().ptr(0x7f00_1234_5000L).i32(-7).f32(1.5f).i64(1L << 40).ptr(0);

            assertEquals(5, args.count());
            assertEquals(0x7f00_1234_5000L, argument(args, 0, 8).get(JAVA_LONG, 0));
            assertEquals(-7, argument(args, 1, 4).get(JAVA_INT, 0));
            assertEquals(1.5f, argument(args, 2, 4).get(JAVA_FLOAT, 0));
            assertEquals(1L << 40, argument(args, 3, 8).get(JAVA_LONG, 0));
            assertEquals(0L, argument(args, 4, 8).get(JAVA_LONG, 0));
        }
    }

    @Test
    void refillingReusesTheSameNativeMemory() {
        try (Arena arena = Arena.ofConfined()) {
            KernelArgs args = new KernelArgs(arena, 4);
            MemorySegment params = args.kernelParams();
            args.clear().i32(1).i32(2);
            long first = params.getAtIndex(JAVA_LONG, 0);
            long second = params.getAtIndex(JAVA_LONG, 1);

            args.clear().i32(10).f32(20f);

            assertEquals(params.address(), args.kernelParams().address());
            assertEquals(first, params.getAtIndex(JAVA_LONG, 0));
            assertEquals(second, params.getAtIndex(JAVA_LONG, 1));
            assertEquals(8, second - first);
            assertEquals(10, argument(args, 0, 4).get(JAVA_INT, 0));
            assertEquals(20f, argument(args, 1, 4).get(JAVA_FLOAT, 0));
        }
    }

    @Test
    void aBufferPassesItsAddressPlusAnOffset() {
        try (Arena arena = Arena.ofConfined()) {
            DeviceBuffer buffer = new FakeBuffer(0x10_0000L, 4096);
            KernelArgs args = new KernelArgs(arena, 2).ptr(buffer).ptr(buffer, 1024);

            assertEquals(0x10_0000L, argument(args, 0, 8).get(JAVA_LONG, 0));
            assertEquals(0x10_0400L, argument(args, 1, 8).get(JAVA_LONG, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> args.clear().ptr(buffer, 4097));
        }
    }

    @Test
    void aStructIsCopiedAlignedAndItsParamPointsAtTheCopy() {
        try (Arena arena = Arena.ofConfined()) {
            // struct { int n; float scale; float* y; } as the kernel declares it: 16 bytes, pointer at 8
            MemorySegment s = arena.allocate(16, 8);
            s.set(JAVA_INT, 0, 1000);
            s.set(JAVA_FLOAT, 4, 0.5f);
            s.set(JAVA_LONG, 8, 0xabcd_0000L);
            KernelArgs args = new KernelArgs(arena, 3, 64);
            args.clear().i32(3).struct(s).struct(s.asSlice(0, 4));

            MemorySegment copy = argument(args, 1, 16);
            assertNotEquals(s.address(), copy.address());
            assertEquals(0, copy.address() % 16);
            assertEquals(1000, copy.get(JAVA_INT, 0));
            assertEquals(0.5f, copy.get(JAVA_FLOAT, 4));
            assertEquals(0xabcd_0000L, copy.get(JAVA_LONG, 8));
            assertEquals(copy.address() + 16, argument(args, 2, 4).address());
            assertEquals(3, argument(args, 0, 4).get(JAVA_INT, 0));

            // an entry that held a struct points back at its value slot once refilled with a scalar
            args.clear().i32(1).i32(2);
            assertEquals(2, argument(args, 1, 4).get(JAVA_INT, 0));
        }
    }

    @Test
    void refusesMoreArgumentsOrStructBytesThanAllocated() {
        try (Arena arena = Arena.ofConfined()) {
            KernelArgs args = new KernelArgs(arena, 2).i32(1).i32(2);
            assertThrows(IllegalStateException.class, () -> args.i32(3));

            KernelArgs small = new KernelArgs(arena, 4, 16);
            small.struct(arena.allocate(12));
            assertThrows(IllegalStateException.class, () -> small.struct(arena.allocate(4)));
            assertThrows(IllegalArgumentException.class, () -> new KernelArgs(arena, 0));
        }
    }

    private record FakeBuffer(long address, long size) implements DeviceBuffer {
        @Override
        public void copyFromHost(MemorySegment host, long offset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void copyToHost(long offset, MemorySegment host) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }
}
