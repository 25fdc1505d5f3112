package io.infer.chat;

import com.hubspot.jinjava.objects.SafeString;
import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Gives template strings Python's {@code str} methods ({@code startswith}, {@code split}, {@code strip}...) and
 * applies {@link PySlice} subscripts. Chat templates are written against Jinja2, where values are Python objects;
 * Jinjava would otherwise call the Java method of the same name (Java's {@code split} takes a regex and drops
 * trailing empty strings, which changes what {@code content.split('</think>')[-1]} means) or fail.
 * Everything else falls through to Jinjava's own resolver.
 */
final class PythonMethodResolver extends ELResolver {

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (property instanceof String p && p.startsWith(PySlice.MARKER) && base != null) {
            context.setPropertyResolved(true);
            return PySlice.decode(p).apply(base instanceof SafeString s ? s.toString() : base);
        }
        if ((base instanceof String || base instanceof SafeString) && property != null
                && property.toString().matches("-?\\d{1,9}")) {
            String s = base.toString();
            int i = Integer.parseInt(property.toString());
            if (i < 0) {
                i += s.length();
            }
            context.setPropertyResolved(true);
            return i >= 0 && i < s.length() ? String.valueOf(s.charAt(i)) : null;
        }
        return null;
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String || base instanceof SafeString) || method == null) {
            if (base instanceof Map<?, ?> map && "get".equals(String.valueOf(method)) && params != null && params.length == 2) {
                context.setPropertyResolved(true);
                Object v = map.get(params[0]);
                return v != null || map.containsKey(params[0]) ? v : params[1];
            }
            return null;
        }
        String s = base.toString();
        Object[] p = params == null ? new Object[0] : params;
        Object result = stringMethod(s, method.toString(), p);
        if (result == NOT_HANDLED) {
            return null;
        }
        context.setPropertyResolved(true);
        return result;
    }

    private static final Object NOT_HANDLED = new Object();

    private static Object stringMethod(String s, String name, Object[] p) {
        return switch (name) {
            case "startswith" -> affixTest(s, p, true);
            case "endswith" -> affixTest(s, p, false);
            case "split" -> split(s, arg(p, 0), p.length > 1 ? toInt(p[1]) : -1);
            case "rsplit" -> rsplit(s, arg(p, 0), p.length > 1 ? toInt(p[1]) : -1);
            case "strip" -> rstrip(lstrip(s, arg(p, 0)), arg(p, 0));
            case "lstrip" -> lstrip(s, arg(p, 0));
            case "rstrip" -> rstrip(s, arg(p, 0));
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "capitalize" -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
            case "title" -> title(s);
            case "replace" -> replace(s, str(p[0]), str(p[1]), p.length > 2 ? toInt(p[2]) : -1);
            case "find" -> s.indexOf(str(p[0]));
            case "rfind" -> s.lastIndexOf(str(p[0]));
            case "count" -> count(s, str(p[0]));
            case "join" -> join(s, p[0]);
            case "splitlines" -> List.copyOf(s.lines().toList());
            case "removeprefix" -> s.startsWith(str(p[0])) ? s.substring(str(p[0]).length()) : s;
            case "removesuffix" -> s.endsWith(str(p[0])) && !str(p[0]).isEmpty() ? s.substring(0, s.length() - str(p[0]).length()) : s;
            case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isalpha" -> !s.isEmpty() && s.chars().allMatch(Character::isLetter);
            case "isalnum" -> !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
            case "isspace" -> !s.isEmpty() && s.chars().allMatch(PythonMethodResolver::isSpace);
            case "isupper" -> !s.equals(s.toLowerCase(Locale.ROOT)) && s.equals(s.toUpperCase(Locale.ROOT));
            case "islower" -> !s.equals(s.toUpperCase(Locale.ROOT)) && s.equals(s.toLowerCase(Locale.ROOT));
            default -> NOT_HANDLED;
        };
    }

    private static String arg(Object[] p, int i) {
        return p.length > i && p[i] != null ? p[i].toString() : null;
    }

    private static String str(Object o) {
        return o == null ? "None" : o.toString();
    }

    private static int toInt(Object o) {
        return o instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(o).trim());
    }

    private static boolean affixTest(String s, Object[] p, boolean prefix) {
        if (p.length == 0) {
            throw new ChatTemplateException((prefix ? "startswith" : "endswith") + " takes at least 1 argument");
        }
        int from = p.length > 1 && p[1] != null ? Math.min(s.length(), normalizeIndex(toInt(p[1]), s.length())) : 0;
        int to = p.length > 2 && p[2] != null ? Math.min(s.length(), normalizeIndex(toInt(p[2]), s.length())) : s.length();
        String sub = from <= to ? s.substring(from, to) : "";
        Collection<?> options = p[0] instanceof Collection<?> c ? c : List.of(str(p[0]));
        for (Object o : options) {
            if (prefix ? sub.startsWith(str(o)) : sub.endsWith(str(o))) {
                return true;
            }
        }
        return false;
    }

    private static int normalizeIndex(int i, int length) {
        return i < 0 ? Math.max(0, i + length) : i;
    }

    static boolean isSpace(int c) {
        return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f) || c == 0x85 || Character.isSpaceChar(c);
    }

    static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length() && (chars == null ? isSpace(s.charAt(i)) : chars.indexOf(s.charAt(i)) >= 0)) {
            i++;
        }
        return s.substring(i);
    }

    static String rstrip(String s, String chars) {
        int i = s.length();
        while (i > 0 && (chars == null ? isSpace(s.charAt(i - 1)) : chars.indexOf(s.charAt(i - 1)) >= 0)) {
            i--;
        }
        return s.substring(0, i);
    }

    private static List<String> split(String s, String sep, int maxsplit) {
        List<String> out = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && isSpace(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                if (maxsplit >= 0 && out.size() == maxsplit) {
                    out.add(rstrip(s.substring(i), null));
                    break;
                }
                int j = i;
                while (j < n && !isSpace(s.charAt(j))) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new ChatTemplateException("empty separator");
        }
        int from = 0;
        while (maxsplit < 0 || out.size() < maxsplit) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                break;
            }
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static List<String> rsplit(String s, String sep, int maxsplit) {
        if (sep == null || maxsplit < 0) {
            return split(s, sep, maxsplit < 0 ? -1 : maxsplit);
        }
        List<String> out = new ArrayList<>();
        int end = s.length();
        while (out.size() < maxsplit) {
            int at = s.lastIndexOf(sep, end - sep.length());
            if (at < 0) {
                break;
            }
            out.addFirst(s.substring(at + sep.length(), end));
            end = at;
        }
        out.addFirst(s.substring(0, end));
        return out;
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean prevCased = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(prevCased ? Character.toLowerCase(c) : Character.toUpperCase(c));
            prevCased = Character.isLetter(c);
        }
        return sb.toString();
    }

    private static String replace(String s, String old, String replacement, int count) {
        if (count < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder sb = new StringBuilder();
        int from = 0;
        for (int done = 0; done < count; done++) {
            int at = s.indexOf(old, from);
            if (at < 0) {
                break;
            }
            sb.append(s, from, at).append(replacement);
            from = at + old.length();
        }
        return sb.append(s.substring(from)).toString();
    }

    private static int count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.length() + 1;
        }
        int n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    private static String join(String sep, Object items) {
        StringBuilder sb = new StringBuilder();
        Iterable<?> it = items instanceof Iterable<?> i ? i : items instanceof Object[] a ? List.of(a) : List.of(str(items));
        boolean first = true;
        for (Object o : it) {
            if (!first) {
                sb.append(sep);
            }
            sb.append(str(o));
            first = false;
        }
        return sb.toString();
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
