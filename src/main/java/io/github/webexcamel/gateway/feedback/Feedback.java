package io.github.webexcamel.gateway.feedback;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.gateway.governance.WebexCalls;
import io.github.webexcamel.gateway.reply.CardTemplates;
import io.github.webexcamel.gateway.reply.WebexReplies;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Helpful / Not helpful on answers ({@code routes/gateway/feedback.camel.yaml}). The contract for a command whose
 * answer should carry the buttons: set {@value #VAR_SOURCE} (model or agent name) and {@value #VAR_QUESTION} before
 * {@code direct:webex-reply}; a command that streams its answer by editing a message calls
 * {@code direct:webex-feedback-buttons} itself with {@value #VAR_ANSWER_ID} set as well. Webex edits cannot add a
 * card and a message carries one card, so the buttons come as a card message of their own, in the answer's thread.
 */
public class Feedback {

    public static final String VAR_SOURCE = "webexFeedbackSource";
    public static final String VAR_QUESTION = "webexFeedbackQuestion";
    public static final String VAR_ANSWER_ID = "webexFeedbackAnswerId";
    /** Set by {@link #submit}: the stored vote, for the Langfuse score. */
    public static final String VAR_VOTE = "webexFeedbackVote";
    public static final String INPUT_ID = "feedbackId";
    private static final Logger LOG = LoggerFactory.getLogger(Feedback.class);
    private static final String COLUMNS = "id, request_id, answer_message_id, source, question, person_email, person_id,"
            + " room_id, rating, comment, at";

    /** A stored vote; also the JSON of {@code GET /api/feedback}. */
    public record Vote(String id, String requestId, String answerMessageId, String source, String question,
                       String personEmail, String personId, String roomId, String rating, String comment, long at) {
    }

    private final JdbcTemplate jdbc;
    private final CardTemplates cards;
    private final WebexCalls webex;

    public Feedback(JdbcTemplate jdbc, CardTemplates cards, WebexCalls webex) {
        this.jdbc = jdbc;
        this.cards = cards;
        this.webex = webex;
    }

    /** Posts the feedback card under the answer (its id in {@value #VAR_ANSWER_ID}, else the message just sent). */
    public void postCard(Exchange exchange) {
        String answerId = exchange.getVariable(VAR_ANSWER_ID, String.class);
        if (answerId == null) {
            answerId = exchange.getMessage().getHeader(WebexConstants.SENT_MESSAGE_ID, String.class);
        }
        String source = cut(exchange.getVariable(VAR_SOURCE, "", String.class).strip(), 200);
        String room = exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class);
        if (room == null || source.isEmpty()) {
            return;
        }
        String id = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO feedback_requests (id, answer_message_id, card_message_id, room_id, source, question,"
                        + " created_at) VALUES (?, ?, NULL, ?, ?, ?, ?)", id, answerId, room, source,
                cut(exchange.getVariable(VAR_QUESTION, String.class), 4000), System.currentTimeMillis());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", id);
        data.put("source", "Answered by " + source);
        JsonNode card = cards.render("feedback", data);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("roomId", room);
        // in the answer's thread; an answer that is not in one gets the card as its first reply
        String parent = exchange.getIn().getHeader(WebexConstants.PARENT_ID, String.class);
        if (parent != null || answerId != null) {
            message.put("parentId", parent != null ? parent : answerId);
        }
        message.put("markdown", "Was this answer helpful? Open this message in a Webex client that shows cards to say so.");
        message.put("attachments", List.of(Map.of("contentType", WebexReplies.CARD_CONTENT_TYPE, "content", card)));
        String cardId = webex.post(message);
        jdbc.update("UPDATE feedback_requests SET card_message_id = ? WHERE id = ?", cardId, id);
    }

    /**
     * A press of Helpful or Not helpful: stores the vote (the first per person and answer counts) and makes the body
     * the line to answer; {@value #VAR_VOTE} is set when a vote was stored.
     */
    public void submit(Exchange exchange) {
        Map<?, ?> inputs = exchange.getVariable(WebexConstants.VAR_INPUTS, Map.class);
        String requestId = String.valueOf(inputs.get(INPUT_ID));
        String rating = String.valueOf(inputs.get("rating"));
        String cardId = exchange.getIn().getHeader(WebexConstants.MESSAGE_ID, String.class);
        List<Map<String, Object>> found = jdbc.queryForList("SELECT answer_message_id, card_message_id, source, question"
                + " FROM feedback_requests WHERE id = ?", requestId);
        if (found.isEmpty() || cardId == null || !cardId.equals(found.get(0).get("card_message_id"))
                || !("helpful".equals(rating) || "not-helpful".equals(rating))) {
            exchange.getIn().setBody("That feedback button is not connected to an answer any more.");
            return;
        }
        Map<String, Object> request = found.get(0);
        Object comment = inputs.get("comment");
        String text = comment == null || comment.toString().isBlank() ? null : cut(comment.toString().strip(), 2000);
        String email = exchange.getIn().getHeader(WebexConstants.PERSON_EMAIL, "", String.class).toLowerCase(Locale.ROOT);
        Vote vote = new Vote(UUID.randomUUID().toString(), requestId, (String) request.get("answer_message_id"),
                (String) request.get("source"), (String) request.get("question"), email,
                exchange.getIn().getHeader(WebexConstants.PERSON_ID, String.class),
                exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class), rating, text, System.currentTimeMillis());
        try {
            jdbc.update("INSERT INTO feedback (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", vote.id(),
                    vote.requestId(), vote.answerMessageId(), vote.source(), vote.question(), vote.personEmail(),
                    vote.personId(), vote.roomId(), vote.rating(), vote.comment(), vote.at());
        } catch (DuplicateKeyException again) {
            LOG.debug("A second vote by {} on feedback {} ignored", email, requestId);
            exchange.getIn().setBody("You already rated this answer; your first rating stands.");
            return;
        }
        LOG.info("Feedback {} on an answer of {} by {} in room {}", rating, vote.source(), email, vote.roomId());
        exchange.setVariable(VAR_VOTE, vote);
        exchange.getIn().setBody("Thanks for the feedback.");
    }

    /** Newest first; {@code source} (model or agent) may be null. */
    public List<Vote> find(String source, int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM feedback");
        List<Object> args = new ArrayList<>();
        if (source != null && !source.isBlank()) {
            sql.append(" WHERE source = ?");
            args.add(source.strip());
        }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ").append(Math.max(1, Math.min(limit, 1000)))
                .append(" OFFSET ").append(Math.max(0, offset));
        return jdbc.query(sql.toString(), Feedback::row, args.toArray());
    }

    private static Vote row(ResultSet rs, int n) throws SQLException {
        return new Vote(rs.getString("id"), rs.getString("request_id"), rs.getString("answer_message_id"),
                rs.getString("source"), rs.getString("question"), rs.getString("person_email"), rs.getString("person_id"),
                rs.getString("room_id"), rs.getString("rating"), rs.getString("comment"), rs.getLong("at"));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
