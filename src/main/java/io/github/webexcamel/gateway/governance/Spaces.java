package io.github.webexcamel.gateway.governance;

import java.util.Map;

import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.command.CommandLine;
import io.github.webexcamel.gateway.command.CommandRegistry;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;

/**
 * Space authorization ({@code webex.access.space-authorization=true}): in a group space the bot acts only after an
 * admin ran {@code /authorize} there. Elsewhere it says how to get there, at most once an hour per space. 1:1
 * spaces are not affected, nor are the approval cards' buttons in the approvals space an operator named
 * ({@code WEBEX_APPROVALS_ROOM_ID}): they are decided by role, and an operator's choice of space needs no admin's
 * second word (other commands there do).
 */
public class Spaces {

    private final SpaceRegistry registry;
    private final CommandRegistry commands;
    private final boolean enabled;
    private final String approvalsRoom;

    public Spaces(SpaceRegistry registry, CommandRegistry commands, boolean enabled, String approvalsRoom) {
        this.registry = registry;
        this.commands = commands;
        this.enabled = enabled;
        this.approvalsRoom = approvalsRoom == null || approvalsRoom.isBlank() ? null : approvalsRoom.strip();
    }

    /**
     * The inbound route's space step: sets the {@code webexSpaceBlocked} variable; when blocked, the body is the
     * notice to post, or null for silence.
     */
    public void check(Exchange exchange) {
        exchange.setVariable("webexSpaceBlocked", blocked(exchange));
    }

    private static boolean approvalDecision(Exchange exchange) {
        Map<?, ?> inputs = exchange.getVariable(WebexConstants.VAR_INPUTS, Map.class);
        return "cardAction".equals(exchange.getIn().getHeader(WebexConstants.VERB)) && inputs != null
                && inputs.get(Approvals.INPUT_ID) != null;
    }

    boolean blocked(Exchange exchange) {
        Object type = exchange.getIn().getHeader(WebexConstants.ROOM_TYPE);
        // an unknown type (a card whose message could not be read) counts as a group space: closed
        if (!enabled || (type != null && !"group".equals(type))) {
            return false;
        }
        String room = exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class);
        if (room != null && room.equals(approvalsRoom) && approvalDecision(exchange)) {
            return false;
        }
        if (registry.isAuthorized(room)) {
            return false;
        }
        CommandLine line = commands.match(exchange.getVariable(WebexConstants.VAR_TEXT, String.class));
        if (line != null && "authorize".equals(line.keyword())) {
            return false;
        }
        exchange.getIn().setBody(registry.noticeDue(room)
                ? "I am not authorized in this space yet: an admin of this bot can type " + commands.prefix()
                        + "authorize here (mention me first)."
                : null);
        return true;
    }

    public String authorize(Exchange exchange) {
        requireGroup(exchange);
        boolean added = registry.authorize(exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class),
                Governance.email(exchange));
        return added ? "This space is authorized: I will answer commands here." : "This space was already authorized.";
    }

    public String deauthorize(Exchange exchange) {
        requireGroup(exchange);
        boolean removed = registry.deauthorize(exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class));
        return removed ? "This space is no longer authorized: I will stop answering here." : "This space was not authorized.";
    }

    private static void requireGroup(Exchange exchange) {
        if (!"group".equals(exchange.getIn().getHeader(WebexConstants.ROOM_TYPE))) {
            throw new CommandException("Only group spaces are authorized; 1:1 spaces need no authorization.");
        }
    }
}
