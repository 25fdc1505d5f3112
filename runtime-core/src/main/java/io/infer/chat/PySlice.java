package io.infer.chat;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * A Python slice {@code [start:stop:step]}. Jinjava's parser has no slice steps, so {@link TemplateSource} rewrites
 * {@code x[a:b:c]} to {@code x[__py_slice(a, b, c)]} (which yields {@link #encode}'s marker string) and {@link PythonMethodResolver} applies the slice when it
 * sees one as a subscript.
 */
record PySlice(Integer start, Integer stop, Integer step) {

    /**
     * Jinjava hands subscripts to resolvers as strings, so the slice travels as this marker followed by
     * {@code start:stop:step}.
     */
    static final String MARKER = "\u0000py_slice:";

    static String encode(Object start, Object stop, Object step) {
        return MARKER + part(start) + ":" + part(stop) + ":" + part(step);
    }

    private static String part(Object o) {
        Integer i = toInt(o);
        return i == null ? "" : i.toString();
    }

    static PySlice decode(String marker) {
        String[] p = marker.substring(MARKER.length()).split(":", -1);
        return new PySlice(toInt(p[0].isEmpty() ? null : p[0]), toInt(p[1].isEmpty() ? null : p[1]),
                toInt(p[2].isEmpty() ? null : p[2]));
    }

    private static Integer toInt(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Number n) {
            return n.intValue();
        }
        return Integer.parseInt(o.toString().trim());
    }

    /** Python's slice.indices(length) followed by the walk it describes. */
    private int[] indices(int length) {
        int st = step == null ? 1 : step;
        if (st == 0) {
            throw new ChatTemplateException("slice step cannot be zero");
        }
        int lower = st < 0 ? -1 : 0;
        int upper = st < 0 ? length - 1 : length;
        int s = start == null ? (st < 0 ? upper : lower) : clamp(start, length, lower, upper);
        int e = stop == null ? (st < 0 ? lower : upper) : clamp(stop, length, lower, upper);
        int count = st > 0 ? (e > s ? (e - s + st - 1) / st : 0) : (s > e ? (s - e - st - 1) / -st : 0);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = s + i * st;
        }
        return out;
    }

    private static int clamp(int v, int length, int lower, int upper) {
        if (v < 0) {
            v += length;
            return Math.max(v, lower);
        }
        return Math.min(v, upper);
    }

    Object apply(Object base) {
        if (base instanceof CharSequence cs) {
            String s = cs.toString();
            int[] cps = s.codePoints().toArray();
            StringBuilder sb = new StringBuilder();
            for (int i : indices(cps.length)) {
                sb.appendCodePoint(cps[i]);
            }
            return sb.toString();
        }
        List<Object> items = new ArrayList<>();
        if (base instanceof List<?> list) {
            for (int i : indices(list.size())) {
                items.add(list.get(i));
            }
        } else if (base != null && base.getClass().isArray()) {
            for (int i : indices(Array.getLength(base))) {
                items.add(Array.get(base, i));
            }
        } else if (base instanceof Iterable<?> it) {
            List<Object> all = new ArrayList<>();
            it.forEach(all::add);
            for (int i : indices(all.size())) {
                items.add(all.get(i));
            }
        } else {
            throw new ChatTemplateException("cannot slice " + (base == null ? "none" : base.getClass().getSimpleName()));
        }
        return items;
    }
}
