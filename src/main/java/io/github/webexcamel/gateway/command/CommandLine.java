package io.github.webexcamel.gateway.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A chat line split into keyword and arguments. Chat clients turn quotes into "smart" quotes and
 * {@code --} into a dash, so those are folded back first; {@code key=value} splits at the first '=' only.
 */
public record CommandLine(String keyword, String args, List<String> argv, Map<String, String> options) {

    private static final Pattern OPTION = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*=.*", Pattern.DOTALL);

    /** Parses text that starts with {@code prefix} (e.g. "/"); returns null for anything else. */
    public static CommandLine parse(String text, String prefix) {
        if (text == null) {
            return null;
        }
        String line = text.strip();
        if (!line.startsWith(prefix) || line.length() == prefix.length()) {
            return null;
        }
        int end = prefix.length();
        while (end < line.length() && !isSpace(line.charAt(end))) {
            end++;
        }
        if (end == prefix.length()) {
            return null; // "/ echo": a slash and a space is not a command
        }
        // ROOT: under a Turkish default locale "/HELP" would otherwise lower-case to a dotless i and match nothing
        String keyword = line.substring(prefix.length(), end).toLowerCase(Locale.ROOT);
        // args stay exactly as typed (/echo must echo them); only argv and options see normalized quotes
        int start = end;
        while (start < line.length() && isSpace(line.charAt(start))) {
            start++;
        }
        String args = line.substring(start);
        return withArgs(keyword, args);
    }

    /** The same line with another split point, for prefix matches ("/deploy-api" on command "deploy"). */
    public CommandLine rematch(String registered) {
        String rest = keyword.substring(registered.length());
        return withArgs(registered, rest.isEmpty() ? args : args.isEmpty() ? rest : rest + " " + args);
    }

    private static CommandLine withArgs(String keyword, String args) {
        List<String> argv = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (String token : tokenize(normalize(args))) {
            if (OPTION.matcher(token).matches()) {
                int eq = token.indexOf('=');
                options.put(token.substring(0, eq), token.substring(eq + 1));
            } else {
                argv.add(token);
            }
        }
        return new CommandLine(keyword, args, List.copyOf(argv), Collections.unmodifiableMap(options));
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || c == '\u00A0';
    }

    static String normalize(String text) {
        return text.replace('\u201C', '"').replace('\u201D', '"').replace('\u201E', '"').replace('\u00AB', '"')
                .replace('\u00BB', '"').replace('\u2018', '\'').replace('\u2019', '\'').replace('\u00A0', ' ')
                .replace("\u2014", "--").replace("\u2013", "--");
    }

    /**
     * Splits on whitespace; a quote opens a quoted part only at the start of a token or right after '=',
     * so apostrophes inside words ("don't") stay literal, and an unclosed quote is kept as text.
     */
    static List<String> tokenize(String args) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inToken = false;
        int i = 0;
        while (i < args.length()) {
            char c = args.charAt(i);
            if (isSpace(c)) {
                if (inToken) {
                    tokens.add(current.toString());
                    current.setLength(0);
                    inToken = false;
                }
                i++;
                continue;
            }
            // current is empty but inToken right after an empty quoted part ("" or '')
            boolean quoteMayOpen = !inToken || current.isEmpty() || current.charAt(current.length() - 1) == '=';
            if ((c == '"' || c == '\'') && quoteMayOpen) {
                int close = args.indexOf(c, i + 1);
                if (close > i) {
                    current.append(args, i + 1, close);
                    inToken = true;
                    i = close + 1;
                    continue;
                }
            }
            current.append(c);
            inToken = true;
            i++;
        }
        if (inToken) {
            tokens.add(current.toString());
        }
        return tokens;
    }
}
