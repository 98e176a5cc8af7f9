package io.github.webexcamel.gateway.fakes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The JQL subset the Jira fake evaluates: {@code AND}/{@code OR}/{@code NOT}, parentheses, the operators
 * {@code = != ~ !~ > >= < <= IN, NOT IN, IS [NOT] EMPTY}, functions like {@code currentUser()}, and
 * {@code ORDER BY field [ASC|DESC], ...}. What a field means is left to a {@link FieldResolver}; a query the
 * subset cannot express fails with a 400 instead of silently matching everything.
 */
final class Jql {

    /** A JQL problem; the message is what Jira puts in {@code errorMessages}. */
    static final class JqlException extends RuntimeException {
        JqlException(String message) {
            super(message);
        }
    }

    /** A right-hand side: literal text, a function call or {@code EMPTY}. */
    record Operand(String text, boolean function, boolean empty) {
        static Operand literal(String text) {
            return new Operand(text, false, false);
        }

        @Override
        public String toString() {
            return empty ? "EMPTY" : function ? text + "()" : text;
        }
    }

    /** Turns one clause into a predicate over issues of type {@code T}, or throws {@link JqlException}. */
    interface FieldResolver<T> {
        Predicate<T> clause(String field, String operator, List<Operand> values);

        Comparator<T> order(String field);
    }

    record Query<T>(Predicate<T> filter, Comparator<T> order, boolean bounded) {
    }

    private final List<String> tokens;
    private int pos;

    private Jql(List<String> tokens) {
        this.tokens = tokens;
    }

    static <T> Query<T> parse(String jql, FieldResolver<T> resolver) {
        Jql parser = new Jql(tokenize(jql == null ? "" : jql));
        return parser.query(resolver);
    }

    private <T> Query<T> query(FieldResolver<T> resolver) {
        Predicate<T> filter = t -> true;
        boolean bounded = false;
        if (!atEnd() && !peekKeyword("ORDER")) {
            filter = or(resolver);
            bounded = true;
        }
        Comparator<T> order = null;
        if (peekKeyword("ORDER")) {
            next();
            expectKeyword("BY");
            do {
                String field = next();
                Comparator<T> c = resolver.order(field.toLowerCase(Locale.ROOT));
                if (peekKeyword("DESC")) {
                    next();
                    c = c.reversed();
                } else if (peekKeyword("ASC")) {
                    next();
                }
                order = order == null ? c : order.thenComparing(c);
            } while (consume(","));
        }
        if (!atEnd()) {
            throw new JqlException("Error in the JQL Query: Expecting either 'OR' or 'AND' but got '" + peek() + "'.");
        }
        return new Query<>(filter, order, bounded);
    }

    private <T> Predicate<T> or(FieldResolver<T> resolver) {
        Predicate<T> left = and(resolver);
        while (peekKeyword("OR")) {
            next();
            left = left.or(and(resolver));
        }
        return left;
    }

    private <T> Predicate<T> and(FieldResolver<T> resolver) {
        Predicate<T> left = not(resolver);
        while (peekKeyword("AND")) {
            next();
            left = left.and(not(resolver));
        }
        return left;
    }

    private <T> Predicate<T> not(FieldResolver<T> resolver) {
        if (peekKeyword("NOT")) {
            next();
            return not(resolver).negate();
        }
        if (consume("(")) {
            Predicate<T> inner = or(resolver);
            expect(")");
            return inner;
        }
        return clause(resolver);
    }

    private <T> Predicate<T> clause(FieldResolver<T> resolver) {
        String field = unquote(next());
        String operator;
        if (peekKeyword("IS")) {
            next();
            operator = "is";
            if (peekKeyword("NOT")) {
                next();
                operator = "is not";
            }
        } else if (peekKeyword("NOT")) {
            next();
            expectKeyword("IN");
            operator = "not in";
        } else if (peekKeyword("IN")) {
            next();
            operator = "in";
        } else {
            operator = next();
            if (!List.of("=", "!=", "~", "!~", ">", ">=", "<", "<=").contains(operator)) {
                throw new JqlException("Error in the JQL Query: Expecting operator but got '" + operator + "'.");
            }
        }
        List<Operand> values = new ArrayList<>();
        if (operator.endsWith("in")) {
            expect("(");
            do {
                values.add(operand());
            } while (consume(","));
            expect(")");
        } else {
            values.add(operand());
        }
        return resolver.clause(field.toLowerCase(Locale.ROOT), operator, values);
    }

    private Operand operand() {
        String token = next();
        if (token.equalsIgnoreCase("EMPTY") || token.equalsIgnoreCase("NULL")) {
            return new Operand(token, false, true);
        }
        if (consume("(")) {
            expect(")");
            return new Operand(token, true, false);
        }
        return Operand.literal(unquote(token));
    }

    // ------------------------------------------------------------------ tokens

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '"' || c == '\'') {
                StringBuilder b = new StringBuilder().append(c);
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    if (s.charAt(j) == '\\' && j + 1 < s.length()) {
                        j++;
                    }
                    b.append(s.charAt(j++));
                }
                if (j >= s.length()) {
                    throw new JqlException("Error in the JQL Query: The quoted string '" + s.substring(i + 1) + "' has not been completed.");
                }
                out.add(b.append(c).toString());
                i = j + 1;
            } else if ("!=~<>".indexOf(c) >= 0) {
                int j = i + 1;
                if (j < s.length() && "=~".indexOf(s.charAt(j)) >= 0 && c != '=' && c != '~') {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "(),\"'!=~<>".indexOf(s.charAt(j)) < 0) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
        }
        return out;
    }

    private static String unquote(String token) {
        if (token.length() >= 2 && (token.startsWith("\"") || token.startsWith("'"))) {
            return token.substring(1, token.length() - 1);
        }
        return token;
    }

    private boolean atEnd() {
        return pos >= tokens.size();
    }

    private String peek() {
        return atEnd() ? "<end>" : tokens.get(pos);
    }

    private String next() {
        if (atEnd()) {
            throw new JqlException("Error in the JQL Query: The JQL query is incomplete.");
        }
        return tokens.get(pos++);
    }

    private boolean peekKeyword(String keyword) {
        return !atEnd() && tokens.get(pos).equalsIgnoreCase(keyword);
    }

    private void expectKeyword(String keyword) {
        if (!peekKeyword(keyword)) {
            throw new JqlException("Error in the JQL Query: Expecting '" + keyword + "' but got '" + peek() + "'.");
        }
        next();
    }

    private boolean consume(String token) {
        if (!atEnd() && tokens.get(pos).equals(token)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!consume(token)) {
            throw new JqlException("Error in the JQL Query: Expecting '" + token + "' but got '" + peek() + "'.");
        }
    }
}
