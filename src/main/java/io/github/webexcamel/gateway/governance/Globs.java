package io.github.webexcamel.gateway.governance;

import java.util.Locale;
import java.util.regex.Pattern;

/** Shell-style globs for scopes: {@code *} any run of characters, {@code ?} one; case-insensitive, whole string. */
final class Globs {

    private Globs() {
    }

    static boolean matches(String glob, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.strip().toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(value.strip().toLowerCase(Locale.ROOT))
                .matches();
    }
}
