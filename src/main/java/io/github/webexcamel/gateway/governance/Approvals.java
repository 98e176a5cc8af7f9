package io.github.webexcamel.gateway.governance;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.command.CommandRegistry;
import io.github.webexcamel.gateway.config.GatewayProperties;
import io.github.webexcamel.gateway.reply.CardTemplates;
import io.github.webexcamel.gateway.reply.WebexReplies;
import io.github.webexcamel.gateway.webex.SafeMarkdown;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Four eyes: a command that needs approval is stored (so it survives restarts), an approval card with Approve and
 * Reject goes to the approvals space (or the requesting one), and only a member of the approvers role — not the
 * requester, unless self-approval is allowed — decides. An approved command runs once, as the requester, replying
 * in their thread; a rejected or expired one never runs, and the requester is told.
 */
public class Approvals {

    public static final String INPUT_ID = "approvalId";
    public static final String INPUT_DECISION = "decision";
    private static final Logger LOG = LoggerFactory.getLogger(Approvals.class);
    private static final Pattern LINE_BREAKS = Pattern.compile("(?U)[\\s\\u0085\\u2028\\u2029]+");
    private static final int SHOWN_INPUT_CHARS = 300;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ApprovalStore store;
    private final Roles roles;
    private final AuditLog audit;
    private final CardTemplates cards;
    private final WebexCalls webex;
    private final CommandRegistry registry;
    private final ObjectMapper mapper;
    private final GatewayProperties.Approvals settings;

    public Approvals(ApprovalStore store, Roles roles, AuditLog audit, CardTemplates cards, WebexCalls webex,
                     CommandRegistry registry, ObjectMapper mapper, GatewayProperties.Approvals settings) {
        this.store = store;
        this.roles = roles;
        this.audit = audit;
        this.cards = cards;
        this.webex = webex;
        this.registry = registry;
        this.mapper = mapper;
        this.settings = settings;
    }

    /** Stores the request, posts the approval card, and makes the body the "waiting for approval" line. */
    void request(Exchange exchange, String keyword, String sub, String approversRole) {
        Message in = exchange.getIn();
        String verb = in.getHeader(WebexConstants.VERB, "post", String.class);
        Map<?, ?> inputs = exchange.getVariable(WebexConstants.VAR_INPUTS, Map.class);
        String commandLine = "cardAction".equals(verb) && inputs != null && inputs.get("command") != null
                ? inputs.get("command").toString() : exchange.getVariable(WebexConstants.VAR_TEXT, "", String.class).strip();
        Instant now = Instant.now();
        Approval approval = new Approval(UUID.randomUUID().toString(), "pending", Governance.email(exchange),
                in.getHeader(WebexConstants.PERSON_ID, String.class), in.getHeader(WebexConstants.ROOM_ID, String.class),
                in.getHeader(WebexConstants.ROOM_TYPE, String.class), in.getHeader(WebexConstants.PARENT_ID, String.class),
                in.getHeader(WebexConstants.MESSAGE_ID, String.class), cut(commandLine, 8000), verb,
                inputs == null || !"cardAction".equals(verb) ? null : json(inputs), keyword, sub, approversRole, null, null,
                null, null, now, now.plus(settings.ttl()), null);
        store.create(approval);
        audit.record(Governance.record(exchange, keyword, sub, Redactor.redact(exchange.getVariable(WebexConstants.VAR_ARGS,
                String.class), 500), "approval-requested", null, null, null, "approvers " + approversRole, null, null,
                approval.id()));
        boolean elsewhere = settings.roomId() != null && !settings.roomId().isBlank();
        String cardRoom = elsewhere ? settings.roomId().strip() : approval.roomId();
        try {
            String cardId = webex.post(cardMessage(approval, cardRoom, elsewhere ? null : approval.parentId(), null));
            store.card(approval.id(), cardRoom, cardId);
        } catch (RuntimeException e) {
            LOG.warn("Could not post the approval card for {} in {}: {}", keyword, cardRoom, e.getMessage());
            store.expire(approval.id(), Instant.now());
            throw new IllegalStateException("The approval card could not be posted", e);
        }
        // in a 1:1 space the card is seen by the requester alone, who cannot approve it
        boolean alone = !elsewhere && "direct".equals(approval.roomType());
        in.setBody("Waiting for approval: a member of " + approversRole + " must approve " + SafeMarkdown.code(shown(approval))
                + (elsewhere ? " in the approvals space" : " on the approval card") + ". The request expires in "
                + human(settings.ttl()) + "." + (alone ? " No member of " + approversRole + " sees this 1:1 space: ask"
                + " in a group space with one of them, or have the operators set WEBEX_APPROVALS_ROOM_ID." : ""));
    }

    /**
     * A submit of an approval card. Sets {@code webexApproved}: true when the exchange now carries the approved
     * command, as the requester, for the command route; false when the body is the line to answer the person who
     * clicked (or null: nothing to say).
     */
    public void decide(Exchange exchange) {
        exchange.setVariable("webexApproved", decided(exchange));
    }

    private boolean decided(Exchange exchange) {
        Message in = exchange.getIn();
        Map<?, ?> inputs = exchange.getVariable(WebexConstants.VAR_INPUTS, Map.class);
        String id = String.valueOf(inputs.get(INPUT_ID));
        String decision = String.valueOf(inputs.get(INPUT_DECISION));
        String reason = inputs.get("reason") == null ? null : cut(inputs.get("reason").toString().strip(), 500);
        String decider = Governance.email(exchange);
        Approval approval = store.find(id).orElse(null);
        String cardId = in.getHeader(WebexConstants.MESSAGE_ID, String.class);
        if (approval == null || approval.cardMessageId() == null || !approval.cardMessageId().equals(cardId)) {
            in.setBody("That approval request is unknown.");
            return false;
        }
        if (!"pending".equals(approval.status()) || approval.expiresAt().isBefore(Instant.now())) {
            in.setBody("This request was already " + (approval.expiresAt().isBefore(Instant.now())
                    && "pending".equals(approval.status()) ? "expired" : approval.status()) + ".");
            return false;
        }
        boolean approve = "approve".equals(decision);
        boolean own = decider.equalsIgnoreCase(approval.requesterEmail());
        if (own && approve && !settings.selfApprove()) {
            denied(exchange, approval, "self-approval");
            in.setBody("You cannot approve your own request: ask a member of " + approval.approversRole() + ".");
            return false;
        }
        // the requester may always withdraw their own request
        if (!(own && !approve) && !roles.has(approval.approversRole(), decider)) {
            denied(exchange, approval, "not in approvers role " + approval.approversRole());
            in.setBody("Only a member of " + approval.approversRole() + " can decide this request.");
            return false;
        }
        Instant now = Instant.now();
        if (!store.decide(id, approve ? "approved" : "rejected", decider, reason, now)) {
            in.setBody("This request was already decided.");
            return false;
        }
        Approval decided = store.find(id).orElseThrow();
        replaceCard(decided);
        if (!approve) {
            audit.record(new AuditRecord(now.toEpochMilli(), approval.requesterEmail(), approval.roomId(),
                    approval.roomType(), approval.keyword(), approval.subCommand(), null, "rejected", decider, null, null,
                    reason == null ? null : "reason given", null, null, in.getHeader(WebexConstants.EVENT_ID, String.class), id));
            tellRequester(decided, "Your request " + SafeMarkdown.code(shown(approval)) + " was rejected by "
                    + decider + (reason == null || reason.isEmpty() ? "." : ": " + reason));
            in.setBody(null);
            return false;
        }
        becomeRequest(exchange, decided, decider);
        return true;
    }

    /** Expires overdue requests: nothing runs, the card says so and the requester is told. Returns how many. */
    public int expireOverdue() {
        int expired = 0;
        Instant now = Instant.now();
        for (Approval approval : store.overdue(now)) {
            if (!store.expire(approval.id(), now)) {
                continue; // decided in the meantime
            }
            expired++;
            audit.record(new AuditRecord(now.toEpochMilli(), approval.requesterEmail(), approval.roomId(),
                    approval.roomType(), approval.keyword(), approval.subCommand(), null, "expired", null, null, null,
                    "no decision within " + human(settings.ttl()), null, null, null, approval.id()));
            Approval done = store.find(approval.id()).orElse(approval);
            try {
                replaceCard(done);
                tellRequester(done, "Your request " + SafeMarkdown.code(shown(approval))
                        + " expired without a decision: nothing ran.");
            } catch (RuntimeException e) {
                LOG.warn("Could not report the expiry of approval {}: {}", approval.id(), e.getMessage());
            }
        }
        return expired;
    }

    public List<Approval> recent(int limit) {
        return store.recent(Math.max(1, Math.min(limit, 1000)));
    }

    public int prune(Instant before) {
        return store.prune(before);
    }

    /** The decision exchange takes the requester's place: their space, thread, identity and command line. */
    private void becomeRequest(Exchange exchange, Approval approval, String approver) {
        Message in = exchange.getIn();
        in.setHeader(WebexConstants.ROOM_ID, approval.roomId());
        in.setHeader(WebexConstants.ROOM_TYPE, approval.roomType());
        in.setHeader(WebexConstants.PERSON_EMAIL, approval.requesterEmail());
        in.setHeader(WebexConstants.PERSON_ID, approval.requesterId());
        // asked again (cached) when the access check runs for the requester, not taken from the approver's event
        in.removeHeader(WebexConstants.PERSON_TYPE);
        in.setHeader(WebexConstants.MESSAGE_ID, approval.messageId());
        in.setHeader(WebexConstants.VERB, approval.verb());
        setOrRemove(in, WebexConstants.PARENT_ID, approval.parentId());
        in.removeHeader(WebexConstants.ATTACHMENT_ACTION_ID);
        exchange.setVariable(WebexConstants.VAR_TEXT, approval.commandLine());
        exchange.setVariable(WebexConstants.VAR_INPUTS, approval.inputs() == null ? Map.of() : parse(approval.inputs()));
        exchange.setVariable(Governance.VAR_APPROVAL, approval.id());
        exchange.setVariable(Governance.VAR_APPROVER, approver);
        registry.resolve(exchange);
    }

    /** The dispatch's re-check stopped an approved command: the requester may no longer run it there. */
    public void withdrawn(Exchange exchange) {
        audit.record(Governance.record(exchange, exchange.getIn().getHeader(WebexConstants.COMMAND, String.class),
                null, null, "denied", exchange.getVariable(Governance.VAR_APPROVER, String.class), null, null,
                "approved, but the requester may no longer use the bot in this space", null, null,
                exchange.getVariable(Governance.VAR_APPROVAL, String.class)));
    }

    private void denied(Exchange exchange, Approval approval, String detail) {
        audit.record(new AuditRecord(System.currentTimeMillis(), Governance.email(exchange),
                exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class),
                exchange.getIn().getHeader(WebexConstants.ROOM_TYPE, String.class), approval.keyword(),
                approval.subCommand(), null, "denied", null, null, null, "approval: " + detail, null, null,
                exchange.getIn().getHeader(WebexConstants.EVENT_ID, String.class), approval.id()));
    }

    private void tellRequester(Approval approval, String markdown) {
        webex.post(approval.roomId(), approval.parentId(), markdown);
    }

    /** Webex cannot edit a message with a card: the pending card is replaced by one that shows the decision. */
    private void replaceCard(Approval approval) {
        if (approval.cardMessageId() == null) {
            return;
        }
        boolean elsewhere = !approval.roomId().equals(approval.cardRoomId());
        try {
            webex.delete(approval.cardMessageId());
        } catch (RuntimeException e) {
            LOG.warn("Could not remove the approval card of {}: {}", approval.id(), e.getMessage());
        }
        webex.post(cardMessage(approval, approval.cardRoomId(), elsewhere ? null : approval.parentId(), approval));
    }

    private Map<String, Object> cardMessage(Approval approval, String roomId, String parentId, Approval decided) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", approval.id());
        data.put("requester", approval.requesterEmail());
        data.put("commandLine", shown(approval));
        data.put("space", spaceName(approval));
        data.put("approvers", approval.approversRole());
        data.put("expires", TIME.format(approval.expiresAt()));
        String outcome = null;
        if (decided != null) {
            outcome = switch (decided.status()) {
                case "approved" -> "Approved by " + decided.decidedBy();
                case "rejected" -> "Rejected by " + decided.decidedBy();
                default -> "Expired without a decision";
            } + " at " + TIME.format(decided.decidedAt() == null ? Instant.now() : decided.decidedAt())
                    + (decided.reason() == null || decided.reason().isEmpty() ? "" : " (" + decided.reason() + ")");
            data.put("outcome", outcome);
        }
        JsonNode card = cards.render(decided == null ? "approval" : "approval-decided", data);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("roomId", roomId);
        if (parentId != null) {
            message.put("parentId", parentId);
        }
        message.put("markdown", (decided == null ? "Approval needed: " : outcome + ". ") + approval.requesterEmail()
                + " asked to run " + SafeMarkdown.code(shown(approval))
                + (decided == null ? ". Open this message in a Webex client that shows cards to decide." : "."));
        message.put("attachments", List.of(Map.of("contentType", WebexReplies.CARD_CONTENT_TYPE, "content", card)));
        return message;
    }

    /**
     * The request as its approver must see it, on one line: a card submit runs with its other inputs (a form's
     * project and summary), so they are shown beside its command.
     */
    private String shown(Approval approval) {
        String line = oneLine(approval.commandLine());
        if (approval.inputs() == null) {
            return line;
        }
        StringBuilder shown = new StringBuilder(line);
        parse(approval.inputs()).forEach((name, value) -> {
            if (!"command".equals(name) && value != null && !value.toString().isBlank()) {
                String text = oneLine(value.toString());
                shown.append(" · ").append(cut(oneLine(name), 40)).append(": ").append(cut(text, SHOWN_INPUT_CHARS))
                        // what is cut from the card still runs: the approver must see that there is more
                        .append(text.length() > SHOWN_INPUT_CHARS
                                ? "… (" + (text.length() - SHOWN_INPUT_CHARS) + " more characters)" : "");
            }
        });
        return shown.toString();
    }

    /** Any run of spaces, line breaks and Unicode line or paragraph separators as one space. */
    private static String oneLine(String text) {
        return LINE_BREAKS.matcher(text.strip()).replaceAll(" ");
    }

    private String spaceName(Approval approval) {
        if ("direct".equals(approval.roomType())) {
            return "1:1 with " + approval.requesterEmail();
        }
        try {
            Object title = webex.room(approval.roomId()).get("title");
            return title == null ? approval.roomId() : title.toString();
        } catch (RuntimeException e) {
            return approval.roomId();
        }
    }

    private String json(Object value) {
        try {
            return cut(mapper.writeValueAsString(value), 8000);
        } catch (Exception e) {
            return null;
        }
    }

    private Map<String, Object> parse(String json) {
        try {
            return mapper.readValue(json, MAP);
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static void setOrRemove(Message in, String header, String value) {
        if (value == null) {
            in.removeHeader(header);
        } else {
            in.setHeader(header, value);
        }
    }

    static String human(Duration d) {
        long minutes = d.toMinutes();
        return minutes >= 120 && minutes % 60 == 0 ? minutes / 60 + " h" : minutes >= 1 ? minutes + " min" : d.toSeconds() + " s";
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
