package io.github.webexcamel.gateway.governance;

import java.util.regex.Pattern;

/**
 * Keeps secrets out of the audit log: values of key=value arguments whose key sounds secret, bearer and basic
 * credentials, and strings shaped like well-known tokens. What it cannot recognise it cannot redact, so the audit
 * keeps arguments short too.
 */
public final class Redactor {

    private static final String MASK = "***";
    private static final Pattern SECRET_OPTION = Pattern.compile(
            "(?i)\\b([A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|apikey|credential|private[_-]?key|auth)"
                    + "[A-Za-z0-9_.-]*)\\s*([=:])\\s*(\"[^\"]*\"|'[^']*'|\\S+)");
    private static final Pattern AUTH_HEADER = Pattern.compile("(?i)\\b(bearer|basic|token)\\s+[A-Za-z0-9._~+/=-]{8,}");
    private static final Pattern KNOWN_TOKENS = Pattern.compile(
            "\\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|sk-[A-Za-z0-9_-]{16,}"
                    + "|AKIA[0-9A-Z]{16}|eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{5,}"
                    + "|[A-Za-z0-9]{40,}_[A-Z0-9]{4}_[0-9a-f-]{36})\\b");
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)(https?://)[^/@\\s:]+:[^/@\\s]+@");

    private Redactor() {
    }

    public static String redact(String text, int maxLength) {
        if (text == null) {
            return null;
        }
        if (text.length() < 16 && text.indexOf('=') < 0 && text.indexOf(':') < 0) {
            return text; // too short to hold a token, and no key=value or URL credentials
        }
        String s = SECRET_OPTION.matcher(text).replaceAll("$1$2" + MASK);
        s = AUTH_HEADER.matcher(s).replaceAll("$1 " + MASK);
        s = KNOWN_TOKENS.matcher(s).replaceAll(MASK);
        s = URL_CREDENTIALS.matcher(s).replaceAll("$1" + MASK + "@");
        return s.length() > maxLength ? s.substring(0, maxLength) + "…" : s;
    }
}
