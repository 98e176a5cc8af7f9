package io.github.webexcamel.gateway.llm;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.chat.ChatSettings;
import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.webex.MessageSplitter;
import io.github.webexcamel.gateway.governance.WebexCalls;
import io.github.webexcamel.gateway.resilience.BackendUnavailableException;
import io.github.webexcamel.gateway.resilience.CircuitGuard;
import io.github.webexcamel.gateway.skill.AssistantSkill;
import io.github.webexcamel.gateway.webex.WebexConstants;
import io.github.webexcamel.gateway.webex.rest.RetryAfter;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ask}: builds the chat request (space settings, system prompt, thread context, memory, question),
 * streams the answer from an OpenAI-compatible {@code /chat/completions} and edits the placeholder reply as
 * tokens arrive — at most every {@code editInterval}, at most {@code maxEdits} times (Webex allows 10 edits
 * per message), each edit within one message — then writes the complete answer, posting what does not fit
 * as further messages. Bounded by a timeout; failures replace the placeholder with one clear line.
 */
public class LlmChat {

    private static final Logger LOG = LoggerFactory.getLogger(LlmChat.class);
    static final String VAR_REQUEST = "llmRequest";
    static final String VAR_REPLY_ID = "llmReplyId";

    private final ChatSettings settings;
    private final LlmMemory memory;
    private final ObjectMapper mapper;
    private final WebexCalls webex;
    private final Duration editInterval;
    private final int maxEdits;
    private final int maxTokens;
    private final int maxAnswerBytes;
    /**
     * At most this many answers at the model at once; the others wait their turn. (Camel's throttle EIP would be the
     * natural fit, but in YAML it cannot wrap the kamelet call: it bounds nothing.)
     */
    private final Semaphore atTheModel;
    private static final int MAX_ATTEMPTS = 5;
    private Duration retryBudget = Duration.ofSeconds(30);
    private CircuitGuard circuit = CircuitGuard.none("The LLM");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param maxTokens      sent as {@code max_tokens}: what one answer may cost
     * @param maxAnswerBytes an answer longer than this is cut (a model that rambles must not flood a space)
     * @param maxConcurrent  answers streaming from the model at once; more wait
     */
    public LlmChat(ChatSettings settings, LlmMemory memory, ObjectMapper mapper, WebexCalls webex,
                   Duration editInterval, int maxEdits, int maxTokens, int maxAnswerBytes, int maxConcurrent) {
        this.settings = settings;
        this.memory = memory;
        this.mapper = mapper;
        this.webex = webex;
        this.editInterval = editInterval;
        this.maxEdits = maxEdits;
        this.maxTokens = maxTokens;
        this.maxAnswerBytes = maxAnswerBytes;
        this.atTheModel = new Semaphore(Math.max(1, maxConcurrent), true);
    }

    /** Refuses before anything is posted when no backend is configured. */
    public void checkConfigured(Exchange exchange) {
        String baseUrl = exchange.getVariable("llmBaseUrl", String.class);
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new CommandException("The LLM is not configured: set LLM_BASE_URL (llm.base-url), "
                    + "and LLM_API_KEY (llm.api-key) and LLM_MODEL (llm.model) as your server needs.");
        }
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

    /** Streams the answer into the placeholder message {@code llmReplyId}; the body becomes the answer. */
    public void stream(Exchange exchange) throws Exception {
        int timeoutSeconds = exchange.getVariable("llmTimeoutSeconds", 120, Integer.class);
        if (!atTheModel.tryAcquire(timeoutSeconds, TimeUnit.SECONDS)) {
            edit(exchange, exchange.getVariable(VAR_REPLY_ID, String.class), "The LLM is busy with other questions;"
                    + " try again in a moment.");
            exchange.getMessage().setBody(null);
            return;
        }
        try {
            streamAnswer(exchange);
        } finally {
            atTheModel.release();
        }
    }

    private void streamAnswer(Exchange exchange) throws Exception {
        String baseUrl = exchange.getVariable("llmBaseUrl", String.class);
        String apiKey = exchange.getVariable("llmApiKey", String.class);
        int timeoutSeconds = exchange.getVariable("llmTimeoutSeconds", 120, Integer.class);
        exchange.removeVariable("llmApiKey");
        @SuppressWarnings("unchecked")
        Map<String, Object> request = exchange.getVariable(VAR_REQUEST, Map.class);
        String replyId = exchange.getVariable(VAR_REPLY_ID, String.class);
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + "/chat/completions"))
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(request)));
        if (apiKey != null && !apiKey.isBlank()) {
            http.header("Authorization", "Bearer " + apiKey);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long retryUntil = System.nanoTime() + retryBudget.toNanos();
        SseCollector answer;
        String failure;
        for (int attempt = 1; ; attempt++) {
            answer = new SseCollector(mapper);
            failure = null;
            if (!circuit.permitted()) {
                failure = circuit.openLine();
                break;
            }
            long started = System.nanoTime();
            boolean recorded = true;
            boolean unreachable = false;
            String shown = "";
            int edits = 0;
            var response = this.http.sendAsync(http.build(), answer);
            try {
                while (true) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException();
                    }
                    try {
                        answer.done().get(Math.min(left, editInterval.toNanos()), TimeUnit.NANOSECONDS);
                        recorded = false;
                        break;
                    } catch (TimeoutException tick) {
                        String partial = answer.text();
                        if (edits < maxEdits && !partial.isBlank() && !partial.equals(shown)
                                && MessageSplitter.split(shown, MessageSplitter.WEBEX_MAX_BYTES).size() <= 1) {
                            edit(exchange, replyId, firstPart(partial + " …"));
                            shown = partial;
                            edits++;
                        }
                    }
                }
            } catch (TimeoutException e) {
                answer.cancel();
                response.cancel(true);
                LOG.warn("LLM answer timed out after {} s in room {}", timeoutSeconds, exchange.getIn().getHeader(WebexConstants.ROOM_ID));
                failure = "The LLM did not finish within " + timeoutSeconds + " seconds; try a shorter question or again later.";
                circuit.failed(started, new HttpTimeoutException("no complete answer within " + timeoutSeconds + " s"));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                circuit.failed(started, cause);
                LOG.warn("LLM call to {} failed: {}", baseUrl, cause.toString());
                unreachable = cause instanceof ConnectException;
                failure = unreachable ? "The LLM backend is not reachable; try again later."
                        : cause instanceof HttpTimeoutException ? "The LLM did not answer within " + timeoutSeconds + " seconds."
                        : answer.text().isBlank() ? "The LLM backend closed the connection without an answer; try again." : null;
            } catch (InterruptedException | RuntimeException e) {
                circuit.release(); // neither the backend's success nor its failure
                response.cancel(true);
                throw e;
            }
            if (!recorded) {
                circuit.answered(started, answer.status());
            }
            // "not yet" from the model (429, 5xx, down for a moment) is waited out within llm.retry-budget, before
            // anything was streamed, rather than handed to the person as "try again"
            Duration wait = retryWait(failure == null ? answer.status() : unreachable ? -1 : 0, answer.retryAfter(), attempt);
            if (wait == null || !answer.text().isBlank() || circuit.open()) {
                break;
            }
            long resumeAt = System.nanoTime() + wait.toNanos();
            if (resumeAt > retryUntil || resumeAt > deadline) {
                break;
            }
            LOG.info("LLM backend answered {}; asking again in {} ms (attempt {})",
                    unreachable ? "nothing (unreachable)" : "HTTP " + answer.status(), wait.toMillis(), attempt + 1);
            Thread.sleep(wait.toMillis());
        }
        String model = String.valueOf(request.get("model"));
        if (failure == null && answer.status() != 200) {
            LOG.warn("LLM backend answered HTTP {}: {}", answer.status(), LlmErrors.message(answer.raw(), mapper));
            failure = LlmErrors.forStatus(answer.status(), answer.retryAfter(), answer.raw(), model, mapper);
        }
        String text = answer.text();
        if (failure == null && answer.streamError() != null) {
            LOG.warn("LLM stream error: {}", answer.streamError());
            failure = text.isBlank() ? "The LLM backend failed while answering: " + LlmErrors.message(answer.streamError(), mapper)
                    : null;
            text = text + "\n\n_(The answer was cut short by a backend error.)_";
        } else if (failure == null && !answer.finished() && answer.raw().contains("data:")) {
            text = text + "\n\n_(The connection to the LLM was cut; the answer may be incomplete.)_";
        }
        if (failure != null) {
            edit(exchange, replyId, failure);
            exchange.getMessage().setBody(null);
            return;
        }
        if (text.isBlank()) {
            text = "_(The model returned an empty answer.)_";
        }
        if (MessageSplitter.bytes(text) > maxAnswerBytes) {
            text = MessageSplitter.split(text, maxAnswerBytes).get(0) + "\n\n_(The answer was cut at " + maxAnswerBytes
                    + " bytes.)_";
        }
        List<String> parts = MessageSplitter.split(text, MessageSplitter.WEBEX_MAX_BYTES);
        edit(exchange, replyId, parts.get(0));
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
        exchange.getMessage().setBody(answer.text());
    }

    /**
     * How long to wait before asking the model again, or null when the answer is final: 429 and 503 wait as their
     * {@code Retry-After} says (2 s without one), 500/502/504 and an unreachable backend ({@code status} -1) back off
     * 1, 2, 4 s.
     */
    static Duration retryWait(int status, String retryAfter, int attempt) {
        if (attempt >= MAX_ATTEMPTS) {
            return null;
        }
        return switch (status) {
            case 429, 503 -> RetryAfter.parse(retryAfter, Duration.ofSeconds(2), Duration.ofMinutes(1));
            case 500, 502, 504, -1 -> Duration.ofSeconds(1L << Math.min(attempt - 1, 4));
            default -> null;
        };
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

    /** How long /ask keeps asking a model that answers 429 or 5xx before the person is told (zero: never again). */
    public LlmChat retryBudget(Duration retryBudget) {
        this.retryBudget = retryBudget;
        return this;
    }

    /** The LLM's circuit breaker (llm.circuit-breaker.*): while it is open, /ask is answered at once with one line. */
    public LlmChat circuitGuard(CircuitGuard circuit) {
        this.circuit = circuit;
        return this;
    }

    private static String firstPart(String text) {
        return MessageSplitter.split(text, MessageSplitter.WEBEX_MAX_BYTES).get(0);
    }

    private static String space(Exchange exchange) {
        return exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class);
    }
}
