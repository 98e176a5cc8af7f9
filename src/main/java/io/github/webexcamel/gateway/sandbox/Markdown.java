package io.github.webexcamel.gateway.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crude markdown handling. Webex stores a plain-text rendering next to the markdown of a message, and
 * bots read {@code text}; exact fidelity to Webex's renderer is not the goal, dropping the syntax is.
 */
final class Markdown {

    /** {@code <@personEmail:x|Name>}, {@code <@personId:id|Name>}, {@code <@all>} (Webex mention syntax). */
    static final Pattern MENTION = Pattern.compile("<@(personEmail|personId):([^|>]+)(?:\\|([^>]*))?>|<@all>");

    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)]\\(([^)]*)\\)");
    private static final Pattern FENCE = Pattern.compile("(?m)^```[^\\n]*\\n?");
    private static final Pattern HEADING = Pattern.compile("(?m)^\\s{0,3}#{1,6}\\s+");
    private static final Pattern QUOTE = Pattern.compile("(?m)^\\s{0,3}>\\s?");
    private static final Pattern BULLET = Pattern.compile("(?m)^(\\s*)[*+-]\\s+");
    private static final Pattern STRONG = Pattern.compile("(\\*\\*|__)(.+?)\\1");
    private static final Pattern EM_STAR = Pattern.compile("(?<![\\w*])\\*(?!\\s)([^*\\n]+?)\\*(?![\\w*])");
    private static final Pattern EM_UNDERSCORE = Pattern.compile("(?<![\\w_])_(?!\\s)([^_\\n]+?)_(?![\\w_])");
    private static final Pattern STRIKE = Pattern.compile("~~(.+?)~~");
    private static final Pattern CODE = Pattern.compile("`([^`\\n]*)`");

    /** A mention found in markdown: kind is personEmail, personId or all. */
    record Mention(String kind, String value, String name) {}

    private Markdown() {}

    static List<Mention> mentions(String markdown) {
        List<Mention> out = new ArrayList<>();
        if (markdown == null) {
            return out;
        }
        Matcher m = MENTION.matcher(markdown);
        while (m.find()) {
            out.add(m.group(1) == null ? new Mention("all", "all", "All") : new Mention(m.group(1), m.group(2).trim(), m.group(3)));
        }
        return out;
    }

    static String toText(String markdown) {
        if (markdown == null) {
            return null;
        }
        String s = MENTION.matcher(markdown).replaceAll(r -> Matcher.quoteReplacement(
                r.group(1) == null ? "All" : r.group(3) != null ? r.group(3) : r.group(2)));
        s = FENCE.matcher(s).replaceAll("");
        s = LINK.matcher(s).replaceAll("$1");
        s = HEADING.matcher(s).replaceAll("");
        s = QUOTE.matcher(s).replaceAll("");
        s = BULLET.matcher(s).replaceAll("$1");
        s = STRONG.matcher(s).replaceAll("$2");
        s = STRIKE.matcher(s).replaceAll("$1");
        s = EM_STAR.matcher(s).replaceAll("$1");
        s = EM_UNDERSCORE.matcher(s).replaceAll("$1");
        s = CODE.matcher(s).replaceAll("$1");
        // the rendered text shows what entities stand for (&amp; last, so "&amp;lt;" stays "&lt;")
        s = s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
        return s.strip();
    }

    static String escapeHtml(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
