package io.infer.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites the few Jinja2 expressions Jinjava's parser does not accept into equivalents it does, touching only
 * the inside of {@code {{ }}} and {@code {% %}} tags and never string literals:
 * <ul>
 *   <li>slices {@code x[a:b:c]} (Qwen3 reverses messages with {@code [::-1]}) become
 *       {@code x[__py_slice(a, b, c)]}, applied by {@link PythonMethodResolver};</li>
 *   <li>keyword-argument values are parenthesised ({@link #rewriteArgument});</li>
 *   <li>Python's capitalised {@code True}/{@code False}/{@code None} become Jinjava's lower-case literals.</li>
 * </ul>
 * It also drops one trailing newline, as Jinja2 does by default ({@code keep_trailing_newline=False}).
 */
final class TemplateSource {

    private TemplateSource() {
    }

    static String preprocess(String src) {
        if (src.endsWith("\n")) {
            src = src.substring(0, src.length() - 1);
        }
        StringBuilder out = new StringBuilder(src.length() + 64);
        int i = 0;
        int n = src.length();
        while (i < n) {
            if (src.startsWith("{#", i)) {
                int end = src.indexOf("#}", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(src, i, end);
                i = end;
            } else if (src.startsWith("{{", i) || src.startsWith("{%", i)) {
                boolean statement = src.charAt(i + 1) == '%';
                int end = findTagEnd(src, i + 2, statement ? "%}" : "}}");
                String body = src.substring(i + 2, end);
                out.append(src, i, i + 2).append(rewriteExpression(body));
                if (statement && body.strip().replaceFirst("^[-+]", "").strip().equals("raw")) {
                    int endRaw = src.indexOf("endraw", end);
                    int close = endRaw < 0 ? n : src.indexOf("%}", endRaw);
                    close = close < 0 ? n : close;
                    out.append(src, end, close);
                    i = close;
                } else {
                    i = end;
                }
            } else {
                out.append(src.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    /** The index of the closing delimiter, skipping string literals inside the tag. */
    private static int findTagEnd(String s, int from, String close) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipString(s, i);
            } else if (s.startsWith(close, i)) {
                return i;
            } else {
                i++;
            }
        }
        return s.length();
    }

    private static int skipString(String s, int i) {
        char q = s.charAt(i);
        i++;
        while (i < s.length() && s.charAt(i) != q) {
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, s.length());
    }

    static String rewriteExpression(String e) {
        StringBuilder out = new StringBuilder(e.length() + 16);
        int i = 0;
        int n = e.length();
        while (i < n) {
            char c = e.charAt(i);
            if (c == '\'' || c == '"') {
                int end = skipString(e, i);
                out.append(e, i, end);
                i = end;
            } else if (c == '[' && isSubscript(out)) {
                int close = matching(e, i);
                List<String> parts = splitTopLevel(e.substring(i + 1, close), ':');
                if (parts.size() == 1) {
                    out.append('[').append(rewriteExpression(parts.getFirst())).append(']');
                } else {
                    out.append("[__py_slice(");
                    for (int p = 0; p < 3; p++) {
                        String part = p < parts.size() ? parts.get(p).strip() : "";
                        out.append(p > 0 ? ", " : "").append(part.isEmpty() ? "null" : rewriteExpression(part));
                    }
                    out.append(")]");
                }
                i = Math.min(close + 1, n);
            } else if (c == '(') {
                int close = matching(e, i);
                out.append('(');
                List<String> args = splitTopLevel(e.substring(i + 1, Math.min(close, n)), ',');
                for (int a = 0; a < args.size(); a++) {
                    out.append(a > 0 ? "," : "").append(rewriteArgument(args.get(a)));
                }
                out.append(close < n ? ")" : "");
                i = Math.min(close + 1, n);
            } else if (Character.isJavaIdentifierStart(c)) {
                int j = i;
                while (j < n && Character.isJavaIdentifierPart(e.charAt(j))) {
                    j++;
                }
                String word = e.substring(i, j);
                boolean attribute = !out.isEmpty() && out.charAt(out.length() - 1) == '.';
                out.append(attribute ? word : switch (word) {
                    case "True" -> "true";
                    case "False" -> "false";
                    case "None" -> "null";
                    default -> word;
                });
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** A '[' after a value (name, ')' or ']') is a subscript; anywhere else it opens a list literal. */
    private static boolean isSubscript(StringBuilder before) {
        for (int k = before.length() - 1; k >= 0; k--) {
            char c = before.charAt(k);
            if (Character.isWhitespace(c)) {
                continue;
            }
            if (c == ')' || c == ']' || c == '\'' || c == '"') {
                return true;
            }
            if (Character.isJavaIdentifierPart(c)) {
                int start = k;
                while (start > 0 && Character.isJavaIdentifierPart(before.charAt(start - 1))) {
                    start--;
                }
                String word = before.substring(start, k + 1);
                return !List.of("in", "and", "or", "not", "if", "else", "is", "return").contains(word);
            }
            return false;
        }
        return false;
    }

    private static int matching(String e, int open) {
        int depth = 0;
        int i = open;
        while (i < e.length()) {
            char c = e.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipString(e, i);
                continue;
            }
            if (c == '[' || c == '(' || c == '{') {
                depth++;
            } else if (c == ']' || c == ')' || c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
            i++;
        }
        return e.length();
    }

    private static final java.util.regex.Pattern KEYWORD_ARGUMENT =
            java.util.regex.Pattern.compile("(?s)(\\s*[A-Za-z_][A-Za-z0-9_]*\\s*=)(?!=)(.*)");

    /**
     * Jinjava binds {@code name=a|f - 1} as {@code (name=a|f) - 1}; Jinja2 binds the whole expression to the
     * name. Parenthesising keyword-argument values gives Jinja2's meaning.
     */
    private static String rewriteArgument(String arg) {
        var m = KEYWORD_ARGUMENT.matcher(arg);
        if (m.matches()) {
            return m.group(1) + "(" + rewriteExpression(m.group(2)) + ")";
        }
        return rewriteExpression(arg);
    }

    private static List<String> splitTopLevel(String inner, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        int i = 0;
        while (i < inner.length()) {
            char c = inner.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipString(inner, i);
                continue;
            }
            if (c == '[' || c == '(' || c == '{') {
                depth++;
            } else if (c == ']' || c == ')' || c == '}') {
                depth--;
            } else if (c == separator && depth == 0) {
                parts.add(inner.substring(start, i));
                start = i + 1;
            }
            i++;
        }
        parts.add(inner.substring(start));
        return parts;
    }
}
