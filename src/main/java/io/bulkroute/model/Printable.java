package io.bulkroute.model;

/**
 * Text from outside (a file's name) made safe to print: a control character would break a log line in
 * two or drive the terminal (ANSI escapes), so each is written as a Java escape: a newline as backslash-n,
 * ESC as backslash-u001b.
 */
public final class Printable {
    private Printable() {
    }

    public static String of(String text) {
        if (text == null || text.chars().noneMatch(Character::isISOControl)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
