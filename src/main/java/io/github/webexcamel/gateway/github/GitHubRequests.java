package io.github.webexcamel.gateway.github;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.governance.Governance;
import io.github.webexcamel.gateway.webex.WebexConstants;
import io.github.webexcamel.kamelets.github.GitHubAction;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Adapts a {@code /gh} chat command to the {@code github-action} kamelet (which makes the GitHub calls and checks its
 * input again): which operation, and the kamelet's headers and body from the command's arguments. The usage lines are
 * chat's, so they stay here. Sets the variables {@code ghOwner}, {@code ghRepo} and {@code ghNumber} for the reply.
 */
public class GitHubRequests {

    static final String USAGE = "Usage: /gh issue <owner/repo> <title> | /gh issues <owner/repo> | /gh pr <owner/repo>#<n> | "
            + "/gh comment <owner/repo>#<n> <text> | /gh run <owner/repo> <workflow> [ref] [key=value ...]";
    static final String NOT_CONFIGURED = "GitHub is not configured: set GITHUB_TOKEN (and GITHUB_API_URL for GitHub Enterprise)";
    static final Pattern REPO = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/(?!\\.{1,2}$)[A-Za-z0-9._-]{1,100}");
    private static final Pattern REPO_NUMBER = Pattern.compile("(" + REPO.pattern() + ")#([1-9][0-9]{0,9})");

    private final boolean configured;

    /** @param configured whether a token (github.token) is set */
    public GitHubRequests(boolean configured) {
        this.configured = configured;
    }

    /** The operation of the command: issue, comment, issues, pr, run. */
    public static String operation(Exchange exchange) {
        List<?> argv = argv(exchange);
        if (argv.isEmpty()) {
            throw new CommandException(USAGE);
        }
        String op = argv.get(0).toString().toLowerCase();
        return switch (op) {
            case "issue", "issues", "pr", "comment", "run" -> op;
            default -> throw new CommandException(USAGE);
        };
    }

    /** Before anything else: a gateway without a token says which names to set. */
    public void checkConfigured(Exchange exchange) {
        if (!configured) {
            throw new CommandException(NOT_CONFIGURED);
        }
    }

    /** The kamelet's input: the headers operation, repository, number, title, workflow, ref, and the body. */
    public static void toKamelet(Exchange exchange, String operation) {
        List<?> argv = argv(exchange);
        Map<?, ?> options = exchange.getVariable(WebexConstants.VAR_OPTIONS, Map.class);
        String args = exchange.getVariable(WebexConstants.VAR_ARGS, "", String.class).strip();
        Message in = exchange.getIn();
        in.setHeader(GitHubAction.OPERATION, operation);
        in.setBody(null);
        switch (operation) {
            case "issue" -> {
                if (argv.size() < 3) {
                    throw new CommandException("Usage: /gh issue <owner/repo> <title>");
                }
                repo(exchange, argv.get(1));
                in.setHeader(GitHubAction.TITLE, rest(argv, options, args, "(?i)^issue\\s+\\S+\\s*"));
            }
            case "comment" -> {
                if (argv.size() < 3) {
                    throw new CommandException("Usage: /gh comment <owner/repo>#<n> <text>");
                }
                repoNumber(exchange, argv.get(1));
                in.setBody(rest(argv, options, args, "(?i)^comment\\s+\\S+\\s*"));
            }
            case "issues" -> {
                if (argv.size() != 2) {
                    throw new CommandException("Usage: /gh issues <owner/repo>");
                }
                repo(exchange, argv.get(1));
            }
            case "pr" -> {
                if (argv.size() != 2) {
                    throw new CommandException("Usage: /gh pr <owner/repo>#<n>");
                }
                repoNumber(exchange, argv.get(1));
            }
            case "run" -> {
                if (argv.size() < 3 || argv.size() > 4) {
                    throw new CommandException("Usage: /gh run <owner/repo> <workflow> [ref] [key=value ...], e.g. /gh run acme/app deploy.yml main env=dev");
                }
                repo(exchange, argv.get(1));
                in.setHeader(GitHubAction.WORKFLOW, argv.get(2).toString());
                if (argv.size() == 4) {
                    in.setHeader(GitHubAction.REF, argv.get(3).toString());
                }
                Map<String, Object> inputs = new LinkedHashMap<>();
                if (options != null) {
                    options.forEach((k, v) -> inputs.put(k.toString(), String.valueOf(v)));
                }
                in.setBody(inputs);
            }
            default -> throw new IllegalArgumentException("unknown GitHub operation " + operation);
        }
    }

    private static void repo(Exchange exchange, Object value) {
        String repo = String.valueOf(value);
        if (!REPO.matcher(repo).matches()) {
            throw new CommandException("That is not a repository (owner/repo, e.g. acme/app). " + USAGE);
        }
        Governance.requireInScope(exchange, repo);
        exchange.setVariable("ghOwner", repo.substring(0, repo.indexOf('/')));
        exchange.setVariable("ghRepo", repo.substring(repo.indexOf('/') + 1));
        exchange.getIn().setHeader(GitHubAction.REPOSITORY, repo);
    }

    private static void repoNumber(Exchange exchange, Object value) {
        Matcher m = REPO_NUMBER.matcher(String.valueOf(value));
        if (!m.matches()) {
            throw new CommandException("That is not a pull request (owner/repo#number, e.g. acme/app#12). " + USAGE);
        }
        repo(exchange, m.group(1));
        exchange.setVariable("ghNumber", Integer.parseInt(m.group(2)));
        exchange.getIn().setHeader(GitHubAction.NUMBER, m.group(2));
    }

    /** The free text after two words: the third argument when it is the only one (quotes removed), else the raw rest. */
    private static String rest(List<?> argv, Map<?, ?> options, String args, String prefix) {
        if (argv.size() == 3 && (options == null || options.isEmpty())) {
            return argv.get(2).toString().strip();
        }
        return args.replaceFirst(prefix, "").strip();
    }

    private static List<?> argv(Exchange exchange) {
        List<?> argv = exchange.getVariable(WebexConstants.VAR_ARGV, List.class);
        return argv == null ? List.of() : argv;
    }
}
