package io.infer.kernels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

/** Reads the header and the function symbols of a little-endian ELF64 file (CUDA cubin or AMD code object). */
record ElfSymbols(int machine, int flags, Set<String> functions, Set<String> objects) {

    static final int EM_CUDA = 190;
    static final int EM_AMDGPU = 224;

    private static final int SHT_SYMTAB = 2;
    private static final int SHT_DYNSYM = 11;
    private static final int STT_OBJECT = 1;
    private static final int STT_FUNC = 2;

    static ElfSymbols read(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 64 || b.getInt(0) != 0x464c457f) {
            throw new IllegalArgumentException("not an ELF file");
        }
        if (b.get(4) != 2 || b.get(5) != 1) {
            throw new IllegalArgumentException("not a little-endian ELF64 file");
        }
        int machine = Short.toUnsignedInt(b.getShort(0x12)); // e_machine
        int flags = b.getInt(0x30);                          // e_flags
        long shoff = b.getLong(0x28);                        // e_shoff
        int shentsize = Short.toUnsignedInt(b.getShort(0x3a));
        int shnum = Short.toUnsignedInt(b.getShort(0x3c));
        Set<String> functions = new TreeSet<>();
        Set<String> objects = new TreeSet<>();
        for (int i = 0; i < shnum; i++) {
            int sh = Math.toIntExact(shoff + (long) i * shentsize);
            int type = b.getInt(sh + 4);                      // sh_type
            if (type != SHT_SYMTAB && type != SHT_DYNSYM) {
                continue;
            }
            int offset = Math.toIntExact(b.getLong(sh + 24)); // sh_offset
            long size = b.getLong(sh + 32);                   // sh_size
            int link = b.getInt(sh + 40);                     // sh_link: the string table
            long entsize = b.getLong(sh + 56);                // sh_entsize (24)
            int strtab = Math.toIntExact(b.getLong(Math.toIntExact(shoff + (long) link * shentsize) + 24));
            for (long s = 0; s + entsize <= size; s += entsize) {
                int sym = Math.toIntExact(offset + s);
                int name = b.getInt(sym);                     // st_name
                int kind = b.get(sym + 4) & 0xf;              // ELF64_ST_TYPE(st_info)
                if (name == 0) {
                    continue;
                }
                String n = cString(bytes, strtab + name);
                if (kind == STT_FUNC) {
                    functions.add(n);
                } else if (kind == STT_OBJECT) {
                    objects.add(n);
                }
            }
        }
        return new ElfSymbols(machine, flags, functions, objects);
    }

    private static String cString(byte[] bytes, int at) {
        int end = at;
        while (bytes[end] != 0) {
            end++;
        }
        return new String(bytes, at, end - at, StandardCharsets.US_ASCII);
    }
}
