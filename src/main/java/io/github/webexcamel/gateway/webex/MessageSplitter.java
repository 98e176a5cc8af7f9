package io.github.webexcamel.gateway.webex;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Webex refuses text over 7439 bytes. Long replies are cut on line boundaries (a single over-long line on
 * a character boundary) so each part stays readable and within the limit.
 */
public final class MessageSplitter {

    public static final int WEBEX_MAX_BYTES = 7439;

    private MessageSplitter() {
    }

    public static List<String> split(String text, int maxBytes) {
        List<String> parts = new ArrayList<>();
        if (bytes(text) <= maxBytes) {
            parts.add(text);
            return parts;
        }
        StringBuilder current = new StringBuilder();
        int currentBytes = 0;
        for (String line : text.split("(?<=\n)")) {
            int lineBytes = bytes(line);
            if (currentBytes + lineBytes > maxBytes && current.length() > 0) {
                parts.add(current.toString());
                current.setLength(0);
                currentBytes = 0;
            }
            if (lineBytes > maxBytes) {
                for (String piece : hardSplit(line, maxBytes)) {
                    parts.add(piece);
                }
                continue;
            }
            current.append(line);
            currentBytes += lineBytes;
        }
        if (current.length() > 0) {
            parts.add(current.toString());
        }
        return parts;
    }

    /** An answer as posted: whole when it fits {@code maxBytes}, else cut there with a note saying so. */
    public static String capped(String answer, int maxBytes) {
        return bytes(answer) <= maxBytes ? answer
                : cut(answer, maxBytes) + "\n\n_(The answer was cut at " + maxBytes + " bytes.)_";
    }

    /** The longest start of {@code text} within {@code maxBytes}: whole lines while they fit, then what fits of the next. */
    public static String cut(String text, int maxBytes) {
        if (bytes(text) <= maxBytes) {
            return text;
        }
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (String line : text.split("(?<=\n)")) {
            int lineBytes = bytes(line);
            if (used + lineBytes > maxBytes) {
                if (maxBytes - used > 0) {
                    kept.append(hardSplit(line, maxBytes - used).get(0));
                }
                break;
            }
            kept.append(line);
            used += lineBytes;
        }
        return kept.toString();
    }

    private static List<String> hardSplit(String line, int maxBytes) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > maxBytes) {
                pieces.add(line.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += len;
            i += Character.charCount(cp);
        }
        if (start < line.length()) {
            pieces.add(line.substring(start));
        }
        return pieces;
    }

    public static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
