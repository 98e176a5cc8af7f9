package io.github.webexcamel.gateway.skill;

import java.util.List;
import java.util.regex.Pattern;

/** Markdown replies made fit for a device's screen (reply) and voice (speak). */
final class SpokenText {

    /**
     * Neither a link's text nor its URL runs past the next {@code [}: each attempt stops where the next one starts, so
     * {@code [[[[…} and {@code [a]([a]([a](…} (no closing parenthesis anywhere) are read in linear time, not quadratic.
     */
    private static final Pattern LINK = Pattern.compile("\\[([^\\[\\]]*+)\\]\\([^)\\[]*+\\)");
    private static final Pattern EMPHASIS = Pattern.compile("(\\*\\*|__|`+|~~)");
    private static final Pattern HEADING = Pattern.compile("(?m)^\\s{0,3}#{1,6}\\s+");
    private static final Pattern ITALIC = Pattern.compile("(?<![\\w*])[_*]([^_*\\n]+)[_*](?![\\w*])");

    private SpokenText() {
    }

    /** Without markdown syntax: link texts stay, URLs, emphasis and heading marks go. */
    static String plain(String markdown) {
        String text = LINK.matcher(markdown).replaceAll("$1");
        text = EMPHASIS.matcher(text).replaceAll("");
        text = HEADING.matcher(text).replaceAll("");
        text = ITALIC.matcher(text).replaceAll("$1");
        return text.strip();
    }

    /** All lines as one stretch of speech. */
    static String speech(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            String s = line.replaceAll("(?m)^\\s*[-*]\\s+", "").replaceAll("\\s*\\n+\\s*", ". ").strip();
            if (!s.isEmpty()) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(s);
            }
        }
        return sb.toString().replaceAll("\\.\\.", ".");
    }
}
