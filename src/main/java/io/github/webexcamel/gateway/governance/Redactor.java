package io.github.webexcamel.gateway.governance;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of the audit log: values of key=value arguments whose key sounds secret, bearer and basic
 * credentials, and strings shaped like well-known tokens. What it cannot recognise it cannot redact, so the audit
 * keeps arguments short too.
 */
public final class Redactor {

    private static final String MASK = "***";
    /**
     * A key=value pair, its key found once and then tested for a secret word: one pattern with the secret words
     * between two unbounded runs of key characters backtracked cubically, and a 7 KB chat message held a worker
     * for minutes. The look-behind starts a key only where a run of key characters starts.
     */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]++)(\\s*+[=:]\\s*+)(\"[^\"]*+\"|'[^']*+'|\\S++)");
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i)password|passwd|secret|token|api[_-]?key|apikey|credential|private[_-]?key|auth");
    private static final Pattern AUTH_HEADER = Pattern.compile("(?i)\\b(bearer|basic|token)\\s++[A-Za-z0-9._~+/=-]{8,}+");
    private static final Pattern KNOWN_TOKENS = Pattern.compile(
            "(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{20,}+|github_pat_[A-Za-z0-9_]{20,}+|xox[abprs]-[A-Za-z0-9-]{10,}+"
                    + "|sk-[A-Za-z0-9_-]{16,}+|AKIA[0-9A-Z]{16}|eyJ[A-Za-z0-9_-]{10,}+\\.[A-Za-z0-9_-]{10,}+\\.[A-Za-z0-9_-]{5,}+"
                    + "|[A-Za-z0-9]{40,}+_[A-Z0-9]{4}_[0-9a-f-]{36})(?![A-Za-z0-9_])");
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)(https?://)[^/@\\s:]++:[^/@\\s]++@");

    private Redactor() {
    }

    public static String redact(String text, int maxLength) {
        if (text == null) {
            return null;
        }
        if (text.length() < 16 && text.indexOf('=') < 0 && text.indexOf(':') < 0) {
            return text; // too short to hold a token, and no key=value or URL credentials
        }
        // only what is kept needs redacting; the margin lets a secret cut at the end still be recognised
        String s = text.length() > maxLength + 200 ? text.substring(0, maxLength + 200) : text;
        s = AUTH_HEADER.matcher(s).replaceAll("$1 " + MASK);
        s = secretValues(s);
        s = KNOWN_TOKENS.matcher(s).replaceAll(MASK);
        s = URL_CREDENTIALS.matcher(s).replaceAll("$1" + MASK + "@");
        return s.length() > maxLength ? s.substring(0, maxLength) + "…" : s;
    }

    /** Masks the value of each key=value pair whose key sounds secret; after any other pair, its value is searched too. */
    private static String secretValues(String s) {
        Matcher m = KEY_VALUE.matcher(s);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (from < s.length() && m.find(from)) {
            if (SECRET_KEY.matcher(m.group(1)).find()) {
                out = out == null ? new StringBuilder(s.length()) : out;
                out.append(s, copied, m.start()).append(m.group(1)).append(m.group(2).strip()).append(MASK);
                copied = m.end();
                from = m.end();
            } else {
                from = m.end(2); // x=token=abc: the value may hold a pair of its own
            }
        }
        return out == null ? s : out.append(s, copied, s.length()).toString();
    }
}
