package io.github.webexcamel.gateway.jira;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.governance.Governance;
import io.github.webexcamel.gateway.webex.WebexConstants;
import io.github.webexcamel.kamelets.jira.JiraAction;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Adapts a {@code /jira} chat command to the {@code jira-action} kamelet (which does the Jira REST call and checks
 * its input again): which operation, and the kamelet's headers and body from the command's arguments or the create
 * form's inputs. The usage lines are chat's, so they stay here.
 */
public class JiraRequests {

    static final String USAGE = "Usage: /jira <KEY> | /jira create <PROJECT> <summary> | /jira search <JQL> | "
            + "/jira comment <KEY> <text> | /jira move <KEY> <transition>";
    private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,19}-[1-9][0-9]{0,9}");
    private static final Pattern PROJECT = Pattern.compile("[A-Z][A-Z0-9_]{0,19}");

    /** The Jira operation of the command: get, create, form, search, comment or move. */
    public static String operation(Exchange exchange) {
        if (fromForm(exchange)) {
            return "create";
        }
        List<?> argv = argv(exchange);
        if (argv.isEmpty()) {
            throw new CommandException(USAGE);
        }
        String first = argv.get(0).toString();
        if (KEY.matcher(first).matches() && argv.size() == 1) {
            return "get";
        }
        return switch (first.toLowerCase()) {
            case "create" -> argv.size() < 3 ? "form" : "create";
            case "search", "comment", "move" -> first.toLowerCase();
            default -> throw new CommandException(USAGE);
        };
    }

    /** Card data for {@code routes/cards/jira-create.json}: the project, when one was typed. */
    public static Map<String, Object> form(Exchange exchange) {
        List<?> argv = argv(exchange);
        String project = argv.size() > 1 && PROJECT.matcher(argv.get(1).toString()).matches() ? argv.get(1).toString() : "";
        return Map.of("project", project);
    }

    /**
     * The kamelet's input for the command: the headers {@code operation}, {@code issueKey}, {@code jql},
     * {@code projectKey}, {@code summary}, {@code transition}, and the body (a comment's text, a description). The
     * kamelet checks the values and removes these headers before its call; the usage lines stay chat's.
     */
    public static void toKamelet(Exchange exchange, String operation) {
        List<?> argv = argv(exchange);
        String args = exchange.getVariable(WebexConstants.VAR_ARGS, "", String.class).strip();
        Message in = exchange.getIn();
        in.setHeader(JiraAction.OPERATION, operation);
        in.setBody(null);
        switch (operation) {
            case "get" -> in.setHeader(JiraAction.ISSUE_KEY, scoped(exchange, key(argv.get(0))));
            case "search" -> {
                Governance.requireInScope(exchange, null);
                String jql = args.replaceFirst("(?i)^search\\s*", "").strip();
                if (jql.isEmpty() || jql.length() > 2000) {
                    throw new CommandException("Usage: /jira search <JQL>, e.g. /jira search project = OPS AND status = \"To Do\"");
                }
                in.setHeader(JiraAction.JQL, jql);
            }
            case "comment" -> {
                if (argv.size() < 3) {
                    throw new CommandException("Usage: /jira comment <KEY> <text>");
                }
                in.setHeader(JiraAction.ISSUE_KEY, scoped(exchange, key(argv.get(1))));
                in.setBody(rest(argv, args, "(?i)^comment\\s+\\S+\\s*"));
            }
            case "move" -> {
                if (argv.size() < 3) {
                    throw new CommandException("Usage: /jira move <KEY> <transition>, e.g. /jira move OPS-1 \"In Progress\"");
                }
                in.setHeader(JiraAction.ISSUE_KEY, scoped(exchange, key(argv.get(1))));
                in.setHeader(JiraAction.TRANSITION, String.join(" ", argv.subList(2, argv.size()).stream().map(Object::toString).toList()));
            }
            case "create" -> {
                Map<?, ?> inputs = exchange.getVariable(WebexConstants.VAR_INPUTS, Map.class);
                boolean form = fromForm(exchange);
                String project = form ? String.valueOf(inputs.get("project")).strip() : argv.get(1).toString();
                if (!PROJECT.matcher(project).matches()) {
                    throw new CommandException("That is not a Jira project key (e.g. OPS). " + "Usage: /jira create <PROJECT> <summary>");
                }
                Governance.requireInScope(exchange, project);
                in.setHeader(JiraAction.PROJECT_KEY, project);
                in.setHeader(JiraAction.SUMMARY, form ? String.valueOf(inputs.get("summary")).strip()
                        : rest(argv, args, "(?i)^create\\s+\\S+\\s*").strip());
                if (form && inputs.get("description") != null) {
                    in.setBody(inputs.get("description").toString());
                }
            }
            default -> throw new IllegalArgumentException("unknown Jira operation " + operation);
        }
    }

    /** The free text after two words: the third argument when it is the only one (quotes removed), else the raw rest. */
    private static String rest(List<?> argv, String args, String prefix) {
        String raw = args.replaceFirst(prefix, "");
        return argv.size() == 3 && !raw.contains("=") ? argv.get(2).toString() : raw;
    }

    /**
     * The create form's submit ({@code routes/cards/jira-create.json}): its command is {@code /jira create} with no
     * more words, so governance knows it as the create sub-command (its roles, approvers, and the project input for
     * scope). An {@code action} input beside a typed command line is ignored: the line is what approvers see.
     */
    private static boolean fromForm(Exchange exchange) {
        Map<?, ?> inputs = exchange.getVariable(WebexConstants.VAR_INPUTS, Map.class);
        List<?> argv = argv(exchange);
        return inputs != null && "create".equals(inputs.get("action")) && argv.size() == 1
                && "create".equalsIgnoreCase(argv.get(0).toString());
    }

    private static String scoped(Exchange exchange, String key) {
        Governance.requireInScope(exchange, key.substring(0, key.indexOf('-')));
        return key;
    }

    static String key(Object value) {
        String key = String.valueOf(value).toUpperCase();
        if (!KEY.matcher(key).matches()) {
            throw new CommandException("That is not a Jira issue key (e.g. OPS-123). " + USAGE);
        }
        return key;
    }

    private static List<?> argv(Exchange exchange) {
        List<?> argv = exchange.getVariable(WebexConstants.VAR_ARGV, List.class);
        return argv == null ? List.of() : argv;
    }
}
