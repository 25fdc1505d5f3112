package io.infer.hip.ffi;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeLibraryTest {

    private static final FunctionDescriptor STRLEN =
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);

    @Test
    void anAbsentLibraryIsAStatusNotAnException() {
        NativeLibrary lib = new NativeLibrary("test library", "infer.test.unset",
                List.of("libinfer-absent-1.so", "/nonexistent/libinfer-absent-2.so"));

        assertFalse(lib.isLoaded());
        assertNull(lib.loadedName());
        assertTrue(lib.failure().contains("libinfer-absent-1.so"), lib.failure());
        assertTrue(lib.failure().contains("/nonexistent/libinfer-absent-2.so"), lib.failure());
        assertFalse(lib.hasSymbol("strlen"));
    }

    @Test
    void aFunctionOfAnAbsentLibraryThrowsNamingItWhenCalled() {
        NativeLibrary lib = new NativeLibrary("test library", "infer.test.unset", List.of("libinfer-absent.so"));
        MethodHandle h = lib.downcall("strlen", lib.address("strlen"), STRLEN);

        assertEquals(STRLEN.toMethodType(), h.type());
        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class,
                () -> { long ignored = (long) h.invokeExact(MemorySegment.NULL); });
        assertTrue(e.getMessage().contains("strlen") && e.getMessage().contains("test library not loaded"),
                e.getMessage());
    }

    @Test
    void theFirstCandidateThatLoadsWinsAndItsFunctionsWork() throws Throwable {
        NativeLibrary lib = new NativeLibrary("C library", "infer.test.unset",
                List.of("libinfer-absent.so", "libc.so.6"));

        assertTrue(lib.isLoaded(), lib::failure);
        assertEquals("libc.so.6", lib.loadedName());
        assertNull(lib.failure());
        try (Arena arena = Arena.ofConfined()) {
            MethodHandle strlen = lib.downcall("strlen", lib.address("strlen"), STRLEN);
            long n = (long) strlen.invokeExact(arena.allocateFrom("infer"));
            assertEquals(5, n);
        }
    }

    @Test
    void aMissingSymbolInALoadedLibraryThrowsNamingBoth() {
        NativeLibrary lib = new NativeLibrary("C library", "infer.test.unset", List.of("libc.so.6"));
        MethodHandle h = lib.downcall("infer_no_such_function", lib.address("infer_no_such_function"), STRLEN);

        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class,
                () -> { long ignored = (long) h.invokeExact(MemorySegment.NULL); });
        assertEquals("infer_no_such_function is not exported by libc.so.6", e.getMessage());
    }

    @Test
    void theOverridePropertyNamesTheOnlyFileTried() {
        System.setProperty("infer.test.override", "/nonexistent/libinfer-override.so");
        try {
            NativeLibrary lib = new NativeLibrary("test library", "infer.test.override", List.of("libc.so.6"));
            assertEquals(List.of("/nonexistent/libinfer-override.so"), lib.candidates());
            assertFalse(lib.isLoaded());
        } finally {
            System.clearProperty("infer.test.override");
        }
    }
}
