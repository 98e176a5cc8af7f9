package io.github.webexcamel.gateway.webex;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown the bot posts must not notify anyone or carry raw HTML because of text that came from a user, a
 * backend or a model: {@code <@all>}, {@code <@personEmail:…>}, {@code <@personId:…>} and HTML tags are broken
 * up, in code too (Webex finds mentions in the markup, code or not). A route that means to mention someone
 * names them in {@code CamelWebexAllowMentions}; only those mentions stay live.
 *
 * <p>A link whose destination names another scheme than http, https or mailto ({@code javascript:}, {@code file:})
 * loses its link and keeps its text.
 *
 * <p>Outside code a {@code <} becomes {@code &lt;}; inside code, where an entity would show literally, a word joiner
 * follows it instead. Both break the markup whatever a markdown parser takes for code: what looks like a code span
 * here may be none for Webex (an escaped backtick, a span across a blank line or a block quote), and then the
 * joiner still keeps {@code <⁠b>} from being a tag.
 */
public final class SafeMarkdown {

    /** A zero-width word joiner: {@code <⁠@all>} and {@code <⁠b>} read the same and are no mention and no tag. */
    private static final char JOINER = '\u2060';
    /** An allowed mention's display name holds no {@code <}: {@code <@personEmail:boss@x|x <@all>} is no allowed mention. */
    private static final Pattern MENTION = Pattern.compile("<@(?:(personEmail|personId):([^|<>]*)(?:\\|[^<>]*)?|(all))>");

    private SafeMarkdown() {
    }

    /** Neutralizes every mention and HTML tag except the mentions of {@code allowed} (lower-case e-mails, ids, "all"). */
    public static String neutralize(String markdown, Set<String> allowed) {
        if (markdown == null || (markdown.indexOf('<') < 0 && markdown.indexOf("](") < 0)) {
            return markdown;
        }
        StringBuilder out = new StringBuilder(markdown.length() + 16);
        int i = 0;
        int n = markdown.length();
        while (i < n) {
            char c = markdown.charAt(i);
            if (c == '`') {
                int run = runLength(markdown, i, '`');
                int close = closingRun(markdown, i + run, run);
                if (close > 0) {
                    // a code span or fenced block: shown literally, so only the mention markup needs breaking
                    out.append(markdown, i, i + run);
                    appendCode(out, markdown, i + run, close);
                    out.append(markdown, close, close + run);
                    i = close + run;
                    continue;
                }
                out.append(markdown, i, i + run);
                i += run;
                continue;
            }
            if (c == ']' && i + 1 < n && markdown.charAt(i + 1) == '(' && unsafeScheme(markdown, i + 2, n)) {
                // [text](javascript:…): the escaped parenthesis leaves the text and no link
                out.append("]\\(");
                i += 2;
                continue;
            }
            if (c == '<' && breaks(markdown, i + 1, n)) {
                Matcher m = MENTION.matcher(markdown).region(i, n);
                if (m.lookingAt() && allowed(m, allowed)) {
                    out.append(m.group());
                    i = m.end();
                    continue;
                }
                out.append("&lt;");
                i++;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** A code span for untrusted text: a fence longer than any backtick run inside, so the text cannot close it. */
    public static String code(String text) {
        String s = text == null ? "" : text.replace('\n', ' ');
        int longest = 0;
        for (int i = 0; i < s.length(); ) {
            int run = s.charAt(i) == '`' ? runLength(s, i, '`') : 0;
            longest = Math.max(longest, run);
            i += Math.max(run, 1);
        }
        String fence = "`".repeat(longest + 1);
        boolean pad = s.startsWith("`") || s.endsWith("`") || s.isEmpty();
        return fence + (pad ? " " : "") + s + (pad ? " " : "") + fence;
    }

    private static boolean allowed(Matcher m, Set<String> allowed) {
        if (allowed == null || allowed.isEmpty()) {
            return false;
        }
        String who = m.group(3) != null ? "all" : m.group(2).strip().toLowerCase(Locale.ROOT);
        return allowed.contains(who);
    }

    /**
     * Whether a link's destination from {@code from} may name a scheme other than http, https or mailto. A markdown
     * parser skips spaces and line breaks before it and decodes entities and backslash escapes in it
     * ({@code java&#115;cript:}, {@code javascript\:}), so only a destination that starts with one of those three, or
     * whose first segment holds no {@code :}, {@code &} or {@code \} (a relative link), is left a link.
     */
    private static boolean unsafeScheme(String s, int from, int end) {
        int i = from;
        while (i < end && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == '<')) {
            i++;
        }
        String start = s.substring(i, Math.min(end, i + 8)).toLowerCase(Locale.ROOT);
        if (start.startsWith("http://") || start.startsWith("https://") || start.startsWith("mailto:")) {
            return false;
        }
        for (; i < end; i++) {
            char c = s.charAt(i);
            if (c == ':' || c == '&' || c == '\\') {
                return true;
            }
            if (c == '/' || c == '?' || c == '#' || c == ')' || Character.isWhitespace(c)) {
                return false;
            }
        }
        return false;
    }

    /** Whether the {@code <} before {@code next} could open a tag or a mention ({@code <@}, also {@code < @}). */
    private static boolean breaks(String s, int next, int end) {
        if (next >= end) {
            return false;
        }
        if (isMarkupStart(s.charAt(next))) {
            return true;
        }
        int i = next;
        while (i < end && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i > next && i < end && s.charAt(i) == '@';
    }

    private static boolean isMarkupStart(char c) {
        return c == '@' || c == '/' || c == '!' || c == '?' || Character.isLetter(c);
    }

    private static void appendCode(StringBuilder out, String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            out.append(c);
            if (c == '<' && breaks(s, i + 1, to)) {
                out.append(JOINER);
            }
        }
    }

    private static int runLength(String s, int from, char c) {
        int i = from;
        while (i < s.length() && s.charAt(i) == c) {
            i++;
        }
        return i - from;
    }

    /** Start of the next backtick run of exactly {@code length}, or -1 (an unclosed run is literal text). */
    private static int closingRun(String s, int from, int length) {
        int i = from;
        while (i < s.length()) {
            if (s.charAt(i) == '`') {
                int run = runLength(s, i, '`');
                if (run == length) {
                    return i;
                }
                i += run;
            } else {
                i++;
            }
        }
        return -1;
    }
}
