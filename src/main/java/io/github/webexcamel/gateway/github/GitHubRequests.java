package io.github.webexcamel.gateway.github;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;

/**
 * Turns a validated {@code /gh} command into GitHub calls. Repository names, numbers, workflow names, refs and
 * input names are strict-regex checked before anything goes out; titles, comments and input values only travel
 * in JSON built by Jackson (camel-http) or as the body / a {@code GitHub*} header of a camel-github producer.
 * Sets the variables {@code ghOwner}, {@code ghRepo}, {@code ghNumber}, {@code ghWorkflow}, {@code ghRef}, and for
 * camel-http calls {@code ghStep} plus the Camel HTTP headers, the body and the Authorization header.
 */
public class GitHubRequests {

    static final String USAGE = "Usage: /gh issue <owner/repo> <title> | /gh issues <owner/repo> | /gh pr <owner/repo>#<n> | "
            + "/gh comment <owner/repo>#<n> <text> | /gh run <owner/repo> <workflow> [ref] [key=value ...]";
    static final String NOT_CONFIGURED = "GitHub is not configured: set GITHUB_TOKEN (and GITHUB_API_URL for GitHub Enterprise)";
    static final Pattern REPO = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/(?!\\.{1,2}$)[A-Za-z0-9._-]{1,100}");
    private static final Pattern REPO_NUMBER = Pattern.compile("(" + REPO.pattern() + ")#([1-9][0-9]{0,9})");
    private static final Pattern WORKFLOW = Pattern.compile("[1-9][0-9]{0,15}|[A-Za-z0-9._-]{1,100}\\.ya?ml");
    private static final Pattern REF = Pattern.compile("(?!.*\\.\\.)(?!/)[A-Za-z0-9._/-]{1,200}(?<!/)");
    private static final Pattern INPUT = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,99}");
    static final String API_VERSION = "2022-11-28";

    private final ObjectMapper mapper;

    public GitHubRequests(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The operation of the command: issue, comment (camel-github), issues, pr, run (camel-http). */
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

    /** Validates the command and sets the variables of the first call. */
    public void prepare(Exchange exchange, String operation) throws Exception {
        String token = exchange.getVariable("ghToken", "", String.class);
        String apiUrl = exchange.getVariable("ghApiUrl", "", String.class);
        exchange.removeVariable("ghToken");
        if (token.isBlank() || apiUrl.isBlank()) {
            throw new CommandException(NOT_CONFIGURED);
        }
        exchange.setVariable("ghAuthorization", "Bearer " + token.strip());
        List<?> argv = argv(exchange);
        Map<?, ?> options = exchange.getVariable(WebexConstants.VAR_OPTIONS, Map.class);
        String args = exchange.getVariable(WebexConstants.VAR_ARGS, "", String.class).strip();
        switch (operation) {
            case "issue" -> {
                if (argv.size() < 3) {
                    throw new CommandException("Usage: /gh issue <owner/repo> <title>");
                }
                repo(exchange, argv.get(1));
                String title = rest(argv, options, args, "(?i)^issue\\s+\\S+\\s*");
                if (title.isBlank() || title.length() > 256) {
                    throw new CommandException("The title must have 1 to 256 characters.");
                }
                exchange.getIn().setHeader("GitHubIssueTitle", title);
                exchange.getIn().setBody("Opened from Webex.");
            }
            case "comment" -> {
                if (argv.size() < 3) {
                    throw new CommandException("Usage: /gh comment <owner/repo>#<n> <text>");
                }
                int number = repoNumber(exchange, argv.get(1));
                String text = rest(argv, options, args, "(?i)^comment\\s+\\S+\\s*");
                if (text.isBlank() || text.length() > 65536) {
                    throw new CommandException("Usage: /gh comment <owner/repo>#<n> <text>");
                }
                exchange.getIn().setHeader("GitHubPullRequest", number);
                exchange.getIn().setBody(text);
            }
            case "issues" -> {
                if (argv.size() != 2) {
                    throw new CommandException("Usage: /gh issues <owner/repo>");
                }
                repo(exchange, argv.get(1));
                call(exchange, "issues", "GET", repoPath(exchange) + "/issues", "state=open&per_page=10", null);
            }
            case "pr" -> {
                if (argv.size() != 2) {
                    throw new CommandException("Usage: /gh pr <owner/repo>#<n>");
                }
                int number = repoNumber(exchange, argv.get(1));
                call(exchange, "pull", "GET", repoPath(exchange) + "/pulls/" + number, null, null);
            }
            case "run" -> {
                if (argv.size() < 3 || argv.size() > 4) {
                    throw new CommandException("Usage: /gh run <owner/repo> <workflow> [ref] [key=value ...], e.g. /gh run acme/app deploy.yml main env=dev");
                }
                repo(exchange, argv.get(1));
                String workflow = argv.get(2).toString();
                if (!WORKFLOW.matcher(workflow).matches()) {
                    throw new CommandException("That is not a workflow file name or id (e.g. deploy.yml).");
                }
                exchange.setVariable("ghWorkflow", workflow);
                Map<String, String> inputs = new LinkedHashMap<>();
                if (options != null) {
                    for (Map.Entry<?, ?> e : options.entrySet()) {
                        String key = e.getKey().toString();
                        if (!INPUT.matcher(key).matches()) {
                            throw new CommandException("That is not a workflow input name: " + key);
                        }
                        inputs.put(key, String.valueOf(e.getValue()));
                    }
                }
                if (inputs.size() > 10) {
                    throw new CommandException("GitHub accepts at most 10 workflow inputs.");
                }
                exchange.setVariable("ghInputs", inputs);
                if (argv.size() == 4) {
                    String ref = argv.get(3).toString();
                    if (!REF.matcher(ref).matches()) {
                        throw new CommandException("That is not a branch or tag name: " + ref.replaceAll("[^A-Za-z0-9._/-]", "?"));
                    }
                    exchange.setVariable("ghRef", ref);
                    dispatch(exchange);
                } else {
                    call(exchange, "repo", "GET", repoPath(exchange), null, null);
                }
            }
            default -> throw new IllegalArgumentException("unknown GitHub operation " + operation);
        }
    }

    /** The workflow_dispatch call (ref known). */
    void dispatch(Exchange exchange) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ref", exchange.getVariable("ghRef", String.class));
        body.put("inputs", exchange.getVariable("ghInputs", Map.class));
        call(exchange, "dispatch", "POST", repoPath(exchange) + "/actions/workflows/" + exchange.getVariable("ghWorkflow")
                + "/dispatches", null, mapper.writeValueAsString(body));
    }

    /** Sets up one camel-http call; the kamelet sends it to {@code ghApiUrl}. */
    static void call(Exchange exchange, String step, String method, String path, String query, String body) {
        exchange.setVariable("ghStep", step);
        exchange.setVariable("ghPath", path);
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, method);
        exchange.getIn().setHeader(Exchange.HTTP_PATH, path);
        exchange.getIn().setHeader(Exchange.HTTP_QUERY, query);
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getIn().setHeader("Accept", "application/vnd.github+json");
        exchange.getIn().setHeader("X-GitHub-Api-Version", API_VERSION);
        exchange.getIn().setHeader("Authorization", exchange.getVariable("ghAuthorization", String.class));
        exchange.getIn().setBody(body);
    }

    static String repoPath(Exchange exchange) {
        return "/repos/" + exchange.getVariable("ghOwner") + "/" + exchange.getVariable("ghRepo");
    }

    private static void repo(Exchange exchange, Object value) {
        String repo = String.valueOf(value);
        if (!REPO.matcher(repo).matches()) {
            throw new CommandException("That is not a repository (owner/repo, e.g. acme/app). " + USAGE);
        }
        exchange.setVariable("ghOwner", repo.substring(0, repo.indexOf('/')));
        exchange.setVariable("ghRepo", repo.substring(repo.indexOf('/') + 1));
    }

    private static int repoNumber(Exchange exchange, Object value) {
        Matcher m = REPO_NUMBER.matcher(String.valueOf(value));
        if (!m.matches()) {
            throw new CommandException("That is not a pull request (owner/repo#number, e.g. acme/app#12). " + USAGE);
        }
        repo(exchange, m.group(1));
        int number = Integer.parseInt(m.group(2));
        exchange.setVariable("ghNumber", number);
        return number;
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

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
