package io.github.webexcamel.gateway.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * The bot's commands are the running routes that consume from {@code command:<keyword>}; help is built from
 * them, so it cannot drift from what the bot actually does. Matching is exact first, then the longest
 * prefix command; only registered keywords are ever dispatched.
 */
public class CommandRegistry {

    /** One registered command. */
    public record Command(String keyword, String match, String description, String routeId, CommandEndpoint endpoint) {
        public boolean prefix() {
            return "prefix".equals(match);
        }
    }

    private final CamelContext camelContext;
    private final String prefix;
    private volatile BiPredicate<Command, String> visibility = (command, email) -> true;
    private volatile List<Command> cache = List.of();
    /** Set when Camel adds or removes routes (a reloaded file replaces one by another with the same id). */
    private volatile boolean stale = true;
    private volatile int cachedRoutes = -1;
    /** Channels other than Webex (exchange variable webexChannel) and the only keywords they may see. */
    private final Map<String, Set<String>> channels = new ConcurrentHashMap<>();

    public CommandRegistry(CamelContext camelContext, String prefix) {
        this.camelContext = camelContext;
        this.prefix = prefix;
        camelContext.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onRoutesAdd(Collection<Route> routes) {
                stale = true;
            }

            @Override
            public void onRoutesRemove(Collection<Route> routes) {
                stale = true;
            }
        });
    }

    public List<Command> commands() {
        // looked up two or three times per message: the route list (a copy per call) is read only after a change.
        // The count is checked too, in case a look-up ran between Camel's add notice and the route's arrival.
        int routes = camelContext.getRoutesSize();
        if (stale || routes != cachedRoutes) {
            stale = false;
            List<Command> found = new ArrayList<>();
            List<Route> current = camelContext.getRoutes();
            for (Route route : current) {
                if (route.getEndpoint() instanceof CommandEndpoint endpoint) {
                    String description = route.getDescription() == null ? "" : route.getDescription().strip();
                    found.add(new Command(endpoint.getKeyword(), endpoint.getMatch(), description, route.getRouteId(), endpoint));
                }
            }
            found.sort(Comparator.comparing(Command::keyword));
            cache = List.copyOf(found);
            cachedRoutes = current.size();
        }
        return cache;
    }

    /** The registered command of a keyword, or null. */
    public Command find(String keyword) {
        for (Command command : commands()) {
            if (command.keyword().equals(keyword)) {
                return command;
            }
        }
        return null;
    }

    /** Finds the command for a line of text; null when the text is not a known command. */
    public CommandLine match(String text) {
        CommandLine line = CommandLine.parse(text, prefix);
        if (line == null) {
            return null;
        }
        Command best = null;
        for (Command command : commands()) {
            if (command.keyword().equals(line.keyword())) {
                return line;
            }
            if (command.prefix() && line.keyword().startsWith(command.keyword())
                    && (best == null || command.keyword().length() > best.keyword().length())) {
                best = command;
            }
        }
        return best == null ? null : line.rematch(best.keyword());
    }

    /**
     * Reads the command from the message text, or for a card submit from the {@code command} input (set in
     * the submit action's data), and sets {@code CamelWebexCommand} and the argument variables.
     */
    public void resolve(Exchange exchange) {
        String text = exchange.getVariable(WebexConstants.VAR_TEXT, String.class);
        if ("cardAction".equals(exchange.getIn().getHeader(WebexConstants.VERB))) {
            Map<?, ?> inputs = exchange.getVariable(WebexConstants.VAR_INPUTS, Map.class);
            Object command = inputs == null ? null : inputs.get("command");
            text = command == null ? null : command.toString();
        }
        CommandLine line = match(text);
        exchange.getIn().removeHeader(WebexConstants.COMMAND);
        if (line != null) {
            exchange.getIn().setHeader(WebexConstants.COMMAND, line.keyword());
            exchange.setVariable(WebexConstants.VAR_ARGS, line.args());
            exchange.setVariable(WebexConstants.VAR_ARGV, line.argv());
            exchange.setVariable(WebexConstants.VAR_OPTIONS, line.options());
        }
    }

    /** True when the text looks like a command (starts with the prefix) whether or not it is known. */
    public boolean looksLikeCommand(String text) {
        return CommandLine.parse(text, prefix) != null;
    }

    /** Who sees which command (governance: the commands a person may run). */
    public void setVisibility(BiPredicate<Command, String> visibility) {
        this.visibility = visibility;
    }

    /** The commands this person may run; all of them when no person is given. */
    public List<Command> commandsFor(String email) {
        if (email == null || email.isBlank()) {
            return commands();
        }
        return commands().stream().filter(c -> visibility.test(c, email)).toList();
    }

    /** A channel (the {@code webexChannel} variable) that may see only these keywords. */
    public void restrictChannel(String channel, Set<String> keywords) {
        channels.put(channel, Set.copyOf(keywords));
    }

    private List<Command> commandsOf(Exchange exchange) {
        String channel = exchange.getVariable("webexChannel", String.class);
        Set<String> opened = channel == null ? null : channels.get(channel);
        if (opened != null) {
            return commands().stream().filter(c -> opened.contains(c.keyword())).toList();
        }
        String email = exchange.getIn().getHeader(WebexConstants.PERSON_EMAIL, String.class);
        return email == null ? commands() : commandsFor(email);
    }

    /** Data for the help card template: the commands the asking person may run, with keyword and description. */
    public Map<String, Object> helpModel(Exchange exchange) {
        List<Map<String, Object>> commands = new ArrayList<>();
        for (Command command : commandsOf(exchange)) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("keyword", prefix + command.keyword());
            c.put("description", command.description());
            c.put("match", command.match());
            commands.add(c);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("commands", commands);
        return model;
    }

    /** The same list as markdown, the card's fallback text. */
    public String helpMarkdown(Exchange exchange) {
        StringBuilder sb = new StringBuilder("**Commands**\n");
        for (Command command : commandsOf(exchange)) {
            sb.append("- ").append(command.description().isEmpty() ? prefix + command.keyword() : command.description())
                    .append('\n');
        }
        return sb.toString();
    }

    public String prefix() {
        return prefix;
    }
}
