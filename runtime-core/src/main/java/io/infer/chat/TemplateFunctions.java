package io.infer.chat;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Global functions HF transformers gives chat templates, plus the slice helper {@link TemplateSource} emits. */
public final class TemplateFunctions {

    private TemplateFunctions() {
    }

    public static Object pySlice(Object start, Object stop, Object step) {
        return PySlice.encode(start, stop, step);
    }

    public static Object raiseException(Object message) {
        throw new ChatTemplateException(String.valueOf(message));
    }

    /** {@code strftime_now(format)} with the common strftime directives. */
    public static String strftimeNow(Object format) {
        ZonedDateTime now = ZonedDateTime.now();
        String f = String.valueOf(format);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c != '%' || i + 1 == f.length()) {
                sb.append(c);
                continue;
            }
            char d = f.charAt(++i);
            sb.append(switch (d) {
                case 'd' -> String.format("%02d", now.getDayOfMonth());
                case 'm' -> String.format("%02d", now.getMonthValue());
                case 'Y' -> String.valueOf(now.getYear());
                case 'y' -> String.format("%02d", now.getYear() % 100);
                case 'H' -> String.format("%02d", now.getHour());
                case 'M' -> String.format("%02d", now.getMinute());
                case 'S' -> String.format("%02d", now.getSecond());
                case 'B' -> now.format(DateTimeFormatter.ofPattern("MMMM", Locale.ENGLISH));
                case 'b' -> now.format(DateTimeFormatter.ofPattern("MMM", Locale.ENGLISH));
                case 'A' -> now.format(DateTimeFormatter.ofPattern("EEEE", Locale.ENGLISH));
                case 'a' -> now.format(DateTimeFormatter.ofPattern("EEE", Locale.ENGLISH));
                case '%' -> "%";
                default -> "%" + d;
            });
        }
        return sb.toString();
    }
}
