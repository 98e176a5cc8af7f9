package io.github.webexcamel.gateway.governance;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.webexcamel.gateway.command.CommandEndpoint;
import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.command.CommandRegistry;
import io.github.webexcamel.gateway.config.GatewayProperties;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * The one gate every command passes before it runs ({@code routes/gateway/dispatch.camel.yaml}): roles, scope,
 * rate limits and four-eyes approval, in that order, each decision recorded in the audit log. The outcome is the
 * {@code webexDecision} variable: allowed (run it), approval-requested, denied or rate-limited (the body is then the
 * one line to tell the person, or null for silence).
 */
public class Governance {

    public static final String VAR_DECISION = "webexDecision";
    /** Set when an approved request runs: the approval's id (approval and rate limit are not asked again). */
    public static final String VAR_APPROVAL = "webexApprovalId";
    public static final String VAR_APPROVER = "webexApprover";
    public static final String VAR_SUB_COMMAND = "webexSubCommand";
    /** The scope globs the command was admitted under, for the connector to check what it really calls. */
    public static final String VAR_SCOPE = "webexScope";
    /** Set by the error routes: user-error, backend-error or error; the backend's status in webexOutcomeStatus. */
    public static final String VAR_OUTCOME = "webexOutcome";
    public static final String VAR_OUTCOME_STATUS = "webexOutcomeStatus";
    private static final Pattern SUB = Pattern.compile("[a-z0-9_-]{1,40}");

    private final CommandRegistry registry;
    private final Map<String, String> config;
    private final Roles roles;
    private final RateLimits rateLimits;
    private final AuditLog audit;
    private final Approvals approvals;
    private final GatewayProperties.RateLimit limits;
    /** Resolved policies by command endpoint and sub-command (configuration and files do not change while running). */
    private final Map<CommandEndpoint, Map<String, CommandPolicy>> policies = new ConcurrentHashMap<>();
    /** "keyword.sub" pairs configuration names, so a first argument is known as a sub-command without a scan. */
    private final Set<String> configuredSubs;
    /** The keywords of {@link #configuredSubs}. */
    private final Set<String> configuredKeywords;
    /** Sub-commands each command file declares ({@code subcommands} or a per-sub-command option). */
    private final Map<CommandEndpoint, Set<String>> declaredSubs = new ConcurrentHashMap<>();

    public Governance(CommandRegistry registry, GatewayProperties properties, Roles roles, RateLimits rateLimits,
                      AuditLog audit, Approvals approvals) {
        this.registry = registry;
        this.config = properties.commands();
        this.roles = roles;
        this.rateLimits = rateLimits;
        this.audit = audit;
        this.approvals = approvals;
        this.limits = properties.rateLimit();
        this.configuredSubs = config.keySet().stream().filter(k -> k.split("\\.").length >= 3)
                .map(k -> k.substring(0, k.indexOf('.', k.indexOf('.') + 1))).collect(Collectors.toUnmodifiableSet());
        this.configuredKeywords = configuredSubs.stream().map(k -> k.substring(0, k.indexOf('.')))
                .collect(Collectors.toUnmodifiableSet());
        registry.setVisibility((command, email) -> mayRun(command, email));
    }

    /** Decides whether the command in {@code CamelWebexCommand} runs now. */
    public void admit(Exchange exchange) {
        String keyword = exchange.getIn().getHeader(WebexConstants.COMMAND, String.class);
        CommandRegistry.Command command = registry.find(keyword);
        CommandEndpoint file = command == null ? null : command.endpoint();
        String sub = subCommand(exchange, file);
        exchange.setVariable(VAR_SUB_COMMAND, sub);
        CommandPolicy policy = policy(keyword, sub, file);
        String email = email(exchange);
        String approval = exchange.getVariable(VAR_APPROVAL, String.class);

        String missing = roles.missing(policy.roles(), email);
        if (missing != null) {
            refuse(exchange, "denied", "role " + missing,
                    "You need the role " + missing + " to run " + line(keyword, sub) + ".");
            return;
        }
        if (!policy.scope().isEmpty()) {
            exchange.setVariable(VAR_SCOPE, policy.scope());
            String target = target(exchange, file);
            if (target == null || policy.scope().stream().noneMatch(glob -> Globs.matches(glob, target))) {
                refuse(exchange, "denied", "scope " + String.join(",", policy.scope()),
                        line(keyword, sub) + " may only touch " + String.join(", ", policy.scope())
                                + (target == null ? " (I cannot tell what this one touches)." : "."));
                return;
            }
        }
        if (approval == null) {
            int perPerson = policy.perPerson() != null ? policy.perPerson() : limits.perPerson();
            int perSpace = policy.perSpace() != null ? policy.perSpace() : limits.perSpace();
            String bucket = policy.perPerson() != null || policy.perSpace() != null ? keyword + ":" : "";
            String room = exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class);
            // someone without an e-mail (a Webex Connect customer) is limited per conversation, not all as one
            String person = email.isEmpty() ? room : email;
            // both limits off (load tests, benchmarks): no keys built, no lock shared by every worker taken
            long wait = perPerson <= 0 && perSpace <= 0 ? 0
                    : rateLimits.take("p:" + bucket + person, perPerson, "s:" + bucket + room, perSpace);
            if (wait > 0) {
                refuse(exchange, "rate-limited", "try again in " + wait + " s",
                        rateLimits.notice("p:" + person) ? "Slow down: try again in " + wait + " s." : null);
                return;
            }
            if (policy.approvers() != null && email.isEmpty()) {
                // an approval card is answered in Webex, by people who can see who asked: not for anonymous callers
                refuse(exchange, "denied", "approval needs a Webex user",
                        line(keyword, sub) + " needs an approval, which only a Webex user can ask for.");
                return;
            }
            if (policy.approvers() != null) {
                // the approval card and its outcome need a Webex space; an Assistant Skills request has none
                if ("skill".equals(exchange.getVariable("webexChannel", String.class))) {
                    refuse(exchange, "denied", "approval needs a Webex space",
                            line(keyword, sub) + " needs the approval of a member of " + policy.approvers()
                                    + ": ask for it in Webex.");
                    return;
                }
                exchange.setVariable(VAR_DECISION, "approval-requested");
                approvals.request(exchange, keyword, sub, policy.approvers());
                return;
            }
        }
        exchange.setVariable(VAR_DECISION, "allowed");
        long started = System.nanoTime();
        String arguments = Redactor.redact(exchange.getVariable(WebexConstants.VAR_ARGS, String.class), 500);
        String approver = exchange.getVariable(VAR_APPROVER, String.class);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                String outcome = done.getException() != null ? "error" : done.getVariable(VAR_OUTCOME, "ok", String.class);
                Integer status = done.getVariable(VAR_OUTCOME_STATUS, Integer.class);
                audit.record(record(done, keyword, sub, arguments, approval == null ? "allowed" : "approved", approver,
                        outcome, status == null || status <= 0 ? null : status, null,
                        (System.nanoTime() - started) / 1_000_000,
                        done.getMessage().getHeader(WebexConstants.SENT_MESSAGE_ID, String.class), approval));
            }
        });
    }

    private CommandPolicy policy(String keyword, String sub, CommandEndpoint file) {
        if (file == null) {
            return CommandPolicy.resolve(config, keyword, sub, null);
        }
        return policies.computeIfAbsent(file, f -> new ConcurrentHashMap<>())
                .computeIfAbsent(sub == null ? "" : sub, s -> CommandPolicy.resolve(config, keyword, sub, file));
    }

    /** Whether the person may run the command at all (its command-level roles); what help and the command list show. */
    public boolean mayRun(CommandRegistry.Command command, String email) {
        CommandPolicy policy = policy(command.keyword(), null, command.endpoint());
        return roles.missing(policy.roles(), email == null ? "" : email) == null;
    }

    /** Throws the refusal line unless the person holds the role (for commands that guard one action, like /chat). */
    public void requireRole(Exchange exchange, String role, String what) {
        if (!roles.has(role, email(exchange))) {
            audit.record(record(exchange, exchange.getIn().getHeader(WebexConstants.COMMAND, String.class),
                    exchange.getVariable(VAR_SUB_COMMAND, String.class),
                    Redactor.redact(exchange.getVariable(WebexConstants.VAR_ARGS, String.class), 500), "denied", null, null,
                    null, "role " + role, null, null, null));
            throw new CommandException("You need the role " + role + " to " + what + ".");
        }
    }

    private void refuse(Exchange exchange, String decision, String detail, String line) {
        exchange.setVariable(VAR_DECISION, decision);
        exchange.getIn().setBody(line);
        String keyword = exchange.getIn().getHeader(WebexConstants.COMMAND, String.class);
        audit.record(record(exchange, keyword, exchange.getVariable(VAR_SUB_COMMAND, String.class),
                Redactor.redact(exchange.getVariable(WebexConstants.VAR_ARGS, String.class), 500), decision, null, null, null,
                detail, null, null, exchange.getVariable(VAR_APPROVAL, String.class)));
    }

    static AuditRecord record(Exchange exchange, String keyword, String sub, String arguments, String decision,
                              String approver, String outcome, Integer status, String detail, Long durationMs,
                              String replyId, String approvalId) {
        return new AuditRecord(System.currentTimeMillis(), email(exchange),
                exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class),
                exchange.getIn().getHeader(WebexConstants.ROOM_TYPE, String.class), keyword, sub, arguments, decision,
                approver, outcome, status, detail, durationMs, replyId,
                exchange.getIn().getHeader(WebexConstants.EVENT_ID, String.class), approvalId);
    }

    static String email(Exchange exchange) {
        return exchange.getIn().getHeader(WebexConstants.PERSON_EMAIL, "", String.class).toLowerCase(Locale.ROOT);
    }

    private static String line(String keyword, String sub) {
        return "/" + keyword + (sub == null ? "" : " " + sub);
    }

    /** The first argument when the command declares it a sub-command, or when configuration names it. */
    private String subCommand(Exchange exchange, CommandEndpoint file) {
        List<?> argv = exchange.getVariable(WebexConstants.VAR_ARGV, List.class);
        if (argv == null || argv.isEmpty()) {
            return null;
        }
        String keyword = exchange.getIn().getHeader(WebexConstants.COMMAND, String.class);
        Set<String> declaredHere = file == null ? Set.of() : declaredSubs.computeIfAbsent(file, Governance::declared);
        if (declaredHere.isEmpty() && !configuredKeywords.contains(keyword)) {
            return null; // a command without sub-commands (most messages): no need to look at the argument
        }
        String first = argv.get(0).toString().toLowerCase(Locale.ROOT);
        if (!SUB.matcher(first).matches()) {
            return null;
        }
        return declaredHere.contains(first) || configuredSubs.contains(keyword + "." + first) ? first : null;
    }

    private static Set<String> declared(CommandEndpoint file) {
        Set<String> subs = new HashSet<>(file.subcommandList());
        file.getPerSubCommand().keySet().forEach(k -> subs.add(k.substring(k.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT)));
        return Set.copyOf(subs);
    }

    /**
     * What the command will touch, told before it runs (so an approval is not asked for something out of scope): the
     * file's {@code target} over the parsed positional arguments — the words the route reads, not the raw text, where
     * an option or an unusual space would shift them — else a card submit's {@code targetInput}.
     */
    private static String target(Exchange exchange, CommandEndpoint file) {
        if (file == null) {
            return null;
        }
        List<?> argv = exchange.getVariable(WebexConstants.VAR_ARGV, List.class);
        if (!file.getTarget().isEmpty()) {
            String words = argv == null ? "" : argv.stream().map(Object::toString).collect(Collectors.joining(" "));
            Matcher m = Pattern.compile(file.getTarget()).matcher(words);
            if (m.find() && m.groupCount() >= 1 && m.group(1) != null) {
                return m.group(1);
            }
        }
        // a form's submit names it in an input, when its command line is no more than the sub-command (a typed
        // target comes first, as the typed words are what runs, and a search names none to put beside an input)
        Map<?, ?> inputs = exchange.getVariable(WebexConstants.VAR_INPUTS, Map.class);
        Map<?, ?> options = exchange.getVariable(WebexConstants.VAR_OPTIONS, Map.class);
        boolean bareLine = (argv == null || argv.size() <= 1) && (options == null || options.isEmpty());
        if (bareLine && !file.getTargetInput().isEmpty() && inputs != null && inputs.get(file.getTargetInput()) != null
                && "cardAction".equals(exchange.getIn().getHeader(WebexConstants.VERB, String.class))) {
            return inputs.get(file.getTargetInput()).toString().strip();
        }
        return null;
    }

    /**
     * The connector's own check, with what it is about to call: the target told before the run comes from a pattern
     * over the arguments, and must not be the only guard of what a command touches. Nothing to check when the
     * command was admitted without a scope; {@code actual} null (a search, which names no one thing) passes only
     * a scope of {@code *}.
     */
    public static void requireInScope(Exchange exchange, String actual) {
        List<?> scope = exchange.getVariable(VAR_SCOPE, List.class);
        if (scope == null || scope.isEmpty()) {
            return;
        }
        // what touches no one thing (a search) passes only a scope that allows anything
        boolean allowed = actual == null ? scope.stream().anyMatch(glob -> "*".equals(glob.toString().strip()))
                : scope.stream().anyMatch(glob -> Globs.matches(glob.toString(), actual));
        if (!allowed) {
            String keyword = exchange.getIn().getHeader(WebexConstants.COMMAND, String.class);
            throw new CommandException(line(keyword, exchange.getVariable(VAR_SUB_COMMAND, String.class)) + " may only touch "
                    + scope.stream().map(Object::toString).collect(Collectors.joining(", ")) + ".");
        }
    }
}
