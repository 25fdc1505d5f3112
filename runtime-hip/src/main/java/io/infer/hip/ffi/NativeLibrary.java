package io.infer.hip.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A shared library opened on first use from a list of candidate names, the first that loads winning.
 *
 * <p>This is the one place where the bindings differ from jextract's output: jextract opens its library in the
 * header class's static initializer, so a machine without the library fails with an error at class init. Here
 * nothing is opened until a function is first called (or {@link #isLoaded()} asked), a library that is absent is
 * a {@linkplain #failure() status}, and a function whose library or symbol is absent is bound to a handle that
 * throws {@link UnsatisfiedLinkError} naming it when called, so the holder class itself always initialises.
 */
public final class NativeLibrary {

    private final String description;
    private final List<String> candidates;
    private volatile State state;

    private record State(SymbolLookup lookup, String loadedName, String failure) {}

    /**
     * @param description what the library is, for messages ("CUDA driver")
     * @param overrideProperty a system property that, when set, names the only file to try
     * @param candidates names or paths handed to {@code dlopen} in order
     */
    public NativeLibrary(String description, String overrideProperty, List<String> candidates) {
        this.description = description;
        String override = System.getProperty(overrideProperty);
        this.candidates = override == null || override.isBlank() ? List.copyOf(candidates) : List.of(override);
    }

    /** What this library is ("CUDA driver", "HIP runtime"). */
    public String description() {
        return description;
    }

    /** The names tried, in order. */
    public List<String> candidates() {
        return candidates;
    }

    /** Opens the library if not yet tried; true when one candidate loaded. */
    public boolean isLoaded() {
        return state().lookup != null;
    }

    /** The candidate that loaded, or null. */
    public String loadedName() {
        return state().loadedName;
    }

    /** Why no candidate loaded (each candidate's dlopen error), or null when one did. */
    public String failure() {
        return state().failure;
    }

    /** Whether the loaded library exports {@code symbol}; false when the library did not load. */
    public boolean hasSymbol(String symbol) {
        return find(symbol).isPresent();
    }

    /** The address of {@code symbol} in the loaded library. */
    public Optional<MemorySegment> find(String symbol) {
        SymbolLookup lookup = state().lookup;
        return lookup == null ? Optional.empty() : lookup.find(symbol);
    }

    /** The address of {@code symbol}, or {@link MemorySegment#NULL} when the library or the symbol is absent. */
    MemorySegment address(String symbol) {
        return find(symbol).orElse(MemorySegment.NULL);
    }

    /**
     * A downcall handle for the function at {@code address}, or, when that is {@link MemorySegment#NULL} (library or
     * symbol absent), a handle of the same type that throws {@link UnsatisfiedLinkError} naming {@code symbol}.
     */
    MethodHandle downcall(String symbol, MemorySegment address, FunctionDescriptor descriptor) {
        if (!address.equals(MemorySegment.NULL)) {
            return Linker.nativeLinker().downcallHandle(address, descriptor);
        }
        String why = isLoaded()
                ? symbol + " is not exported by " + loadedName()
                : symbol + ": " + description + " not loaded (" + failure() + ")";
        MethodType type = descriptor.toMethodType();
        MethodHandle thrower = MethodHandles.throwException(type.returnType(), UnsatisfiedLinkError.class)
                .bindTo(new UnsatisfiedLinkError(why));
        return MethodHandles.dropArguments(thrower, 0, type.parameterList());
    }

    private State state() {
        State s = state;
        if (s == null) {
            synchronized (this) {
                s = state;
                if (s == null) {
                    s = open();
                    state = s;
                }
            }
        }
        return s;
    }

    private State open() {
        List<String> errors = new ArrayList<>();
        for (String name : candidates) {
            try {
                // Arena.global(): driver libraries are never unloaded; their handles outlive every caller.
                return new State(SymbolLookup.libraryLookup(name, Arena.global()), name, null);
            } catch (IllegalArgumentException | IllegalCallerException e) {
                errors.add(name + ": " + e.getMessage());
            }
        }
        return new State(null, null, String.join("; ", errors));
    }
}
