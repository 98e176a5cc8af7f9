package io.github.webexcamel.gateway.feedback;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

/**
 * Sends a stored vote to Langfuse as a score ({@code POST /api/public/scores}, Basic auth with the project's public
 * and secret key): BOOLEAN {@code user-feedback} 1 or 0 on the trace named by the answer's message id, the comment
 * beside it. Retries are the route's ({@code routes/gateway/feedback.camel.yaml}). The score id is the vote's id, so a retried post updates the same score instead of adding one.
 */
public class LangfuseScores {

    private final String host;
    private final String authorization;
    private final ObjectMapper mapper;

    public LangfuseScores(String host, String publicKey, String secretKey, ObjectMapper mapper) {
        this.host = host == null ? "" : host.strip().replaceAll("/+$", "");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                ((publicKey == null ? "" : publicKey.strip()) + ":" + (secretKey == null ? "" : secretKey.strip()))
                        .getBytes(StandardCharsets.UTF_8));
        this.mapper = mapper;
    }

    public boolean isEnabled() {
        return !host.isEmpty();
    }

    /** Turns the vote in {@code webexFeedbackVote} into the POST (headers replaced: nothing of the chat goes along). */
    public void request(Exchange exchange) throws JsonProcessingException {
        Feedback.Vote vote = exchange.getVariable(Feedback.VAR_VOTE, Feedback.Vote.class);
        Map<String, Object> score = new LinkedHashMap<>();
        score.put("id", vote.id());
        score.put("traceId", vote.answerMessageId());
        score.put("name", "user-feedback");
        score.put("value", "helpful".equals(vote.rating()) ? 1 : 0);
        score.put("dataType", "BOOLEAN");
        if (vote.comment() != null) {
            score.put("comment", vote.comment());
        }
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getIn().setHeader("Authorization", authorization);
        exchange.getIn().setBody(mapper.writeValueAsString(score));
        exchange.setVariable("langfuseUrl", host + "/api/public/scores");
    }
}
