package io.github.webexcamel.gateway.llm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.webexcamel.gateway.chat.ChatSettings;
import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.governance.WebexCalls;
import io.github.webexcamel.gateway.resilience.BackendUnavailableException;
import io.github.webexcamel.gateway.skill.AssistantSkill;
import io.github.webexcamel.gateway.webex.MessageSplitter;
import io.github.webexcamel.gateway.webex.WebexConstants;
import io.github.webexcamel.kamelets.CircuitGuard;
import io.github.webexcamel.kamelets.llm.LlmChatAction;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ask} around the {@code llm-chat-action} kamelet (which streams the answer from the model): builds the chat
 * request (space settings, system prompt, thread context, memory, question), edits the placeholder reply with the
 * kamelet's progress — at most {@code maxEdits} times (Webex allows 10 edits per message), each edit within one
 * message — then writes the complete answer, posting what does not fit as further messages. The kamelet's failure
 * line replaces the placeholder.
 */
public class LlmChat {

    private static final Logger LOG = LoggerFactory.getLogger(LlmChat.class);
    static final String VAR_REPLY_ID = "llmReplyId";
    static final String VAR_EDITS = "llmEdits";

    private final ChatSettings settings;
    private final LlmMemory memory;
    private final WebexCalls webex;
    private final int maxEdits;
    private final int maxTokens;
    private final int maxAnswerBytes;
    private CircuitGuard circuit = CircuitGuard.none("The LLM");

    /**
     * @param maxTokens      sent as {@code max_tokens}: what one answer may cost
     * @param maxAnswerBytes an answer longer than this is cut (a model that rambles must not flood a space)
     */
    public LlmChat(ChatSettings settings, LlmMemory memory, WebexCalls webex, int maxEdits, int maxTokens, int maxAnswerBytes) {
        this.settings = settings;
        this.memory = memory;
        this.webex = webex;
        this.maxEdits = maxEdits;
        this.maxTokens = maxTokens;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    /** The LLM's circuit breaker (llm.circuit-breaker.*): while it is open, /ask is answered at once with one line. */
    public LlmChat circuitGuard(CircuitGuard circuit) {
        this.circuit = circuit;
        return this;
    }

    /** Refuses before anything is posted while the LLM's circuit is open. */
    public void checkCircuit(Exchange exchange) {
        if (circuit.open()) {
            // before the placeholder: the person gets the one line, and the audit an error
            throw new BackendUnavailableException(circuit.openLine());
        }
    }

    /** The chat request for the exchange's question ({@code webexArgs}) and thread context ({@code llmThread}). */
    public Map<String, Object> request(Exchange exchange) {
        String question = exchange.getVariable(WebexConstants.VAR_ARGS, "", String.class).strip();
        if (question.isEmpty()) {
            throw new CommandException("Usage: /ask <question>");
        }
        Map<String, Object> current = settings.current(exchange);
        String model = String.valueOf(current.get("model"));
        if (model.isBlank() || "null".equals(model)) {
            throw new CommandException("No LLM model is set: set LLM_MODEL (llm.model) or choose one with /chat.");
        }
        List<Map<String, Object>> messages = new ArrayList<>();
        Object prompt = current.get("systemPrompt");
        if (prompt != null && !prompt.toString().isBlank()) {
            messages.add(Map.of("role", "system", "content", prompt.toString()));
        }
        String thread = exchange.getVariable("llmThread", "", String.class);
        if (!thread.isBlank()) {
            messages.add(Map.of("role", "system", "content", "Earlier messages in this Webex thread:\n" + thread));
        }
        messages.addAll(memory.messages(space(exchange)));
        messages.add(Map.of("role", "user", "content", question));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", model);
        request.put("messages", messages);
        request.put("temperature", current.get("temperature"));
        if (maxTokens > 0) {
            request.put("max_tokens", maxTokens);
        }
        request.put("stream", true);
        return request;
    }

    /** After the placeholder is posted: the count of its edits, shared by the progress calls (copies of the exchange). */
    public void begin(Exchange exchange) {
        exchange.setVariable(VAR_EDITS, new AtomicInteger());
    }

    /**
     * The kamelet's progress (its {@code progressUri}): the answer so far, in the placeholder, at most {@code maxEdits}
     * times and while it fits one message.
     */
    public void progress(Exchange exchange) {
        String partial = exchange.getIn().getBody(String.class);
        AtomicInteger edits = exchange.getVariable(VAR_EDITS, AtomicInteger.class);
        if (partial == null || partial.isBlank() || edits == null
                || MessageSplitter.split(partial, MessageSplitter.WEBEX_MAX_BYTES).size() > 1) {
            return;
        }
        if (edits.incrementAndGet() <= maxEdits) {
            edit(exchange, exchange.getVariable(VAR_REPLY_ID, String.class), partial + " …");
        }
    }

    /**
     * The kamelet's answer (the body) into the placeholder, cut at {@code maxAnswerBytes}, what does not fit one message
     * posted as further messages in the thread; the body stays the answer.
     */
    public void finish(Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        exchange.getMessage().removeHeader(LlmChatAction.FINISH);
        text = MessageSplitter.capped(text, maxAnswerBytes);
        List<String> parts = MessageSplitter.split(text, MessageSplitter.WEBEX_MAX_BYTES);
        edit(exchange, exchange.getVariable(VAR_REPLY_ID, String.class), parts.get(0));
        for (String more : parts.subList(1, parts.size())) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("roomId", exchange.getIn().getHeader(WebexConstants.ROOM_ID));
            String parent = exchange.getIn().getHeader(WebexConstants.PARENT_ID, String.class);
            if (parent != null) {
                message.put("parentId", parent);
            }
            message.put("markdown", more);
            webex.post(message);
        }
    }

    /** The kamelet's one line (an ActionException) replaces the placeholder; no answer, so no feedback buttons. */
    public void failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        edit(exchange, exchange.getVariable(VAR_REPLY_ID, String.class), e == null ? "The LLM failed." : e.getMessage());
        exchange.getMessage().setBody(null);
    }

    /** Remembers the question and answer of a successful {@code /ask} for the space. */
    public void remember(Exchange exchange) {
        String answer = exchange.getMessage().getBody(String.class);
        if (answer != null && !answer.isBlank()) {
            memory.remember(space(exchange), exchange.getVariable(WebexConstants.VAR_ARGS, "", String.class).strip(), answer);
        }
    }

    /** Through webex:messages, so a model's answer is neutralized (no live mentions, no HTML) like any reply. */
    private void edit(Exchange exchange, String messageId, String text) {
        if (AssistantSkill.replaceLast(exchange, text)) {
            return; // a Webex Assistant Skills request: its collected answer is edited instead of a Webex message
        }
        try {
            webex.edit(exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class), messageId, text);
        } catch (RuntimeException e) {
            LOG.warn("Could not edit the answer message: {}", e.toString());
        }
    }

    private static String space(Exchange exchange) {
        return exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class);
    }
}
