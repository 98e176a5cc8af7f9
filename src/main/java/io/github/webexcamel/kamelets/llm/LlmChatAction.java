package io.github.webexcamel.kamelets.llm;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.kamelets.ActionException;
import io.github.webexcamel.kamelets.CircuitBreakers;
import io.github.webexcamel.kamelets.CircuitGuard;
import io.github.webexcamel.kamelets.RetryAfter;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean of {@code llm-chat-action.kamelet.yaml}: one answer from an OpenAI-compatible {@code POST
 * {baseUrl}/chat/completions} with {@code stream: true}, read as server-sent events with {@code java.net.http} (camel-http
 * buffers whole bodies, and a streamed answer must be read as it arrives). While it streams, the answer so far is sent to
 * {@code progressUri} (when set) at most every {@code progressInterval}, as the body of a copy of the exchange. A 429, a
 * 5xx or a backend not reachable before anything streamed is asked again within {@code retryBudget}; the backend's
 * circuit breaker is asked before each request. Failures end in an {@link ActionException} with one line.
 */
public class LlmChatAction {

    public static final String FINISH = "llmFinish";
    private static final Logger LOG = LoggerFactory.getLogger(LlmChatAction.class);
    private static final int MAX_ATTEMPTS = 5;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final ObjectMapper mapper = new ObjectMapper();
    private String baseUrl = "";
    private String apiKey = "";
    private String model = "";
    private int timeoutSeconds = 120;
    private String retryBudget = "30s";
    private String progressUri = "";
    private String progressInterval = "1500ms";
    private int maxConcurrent = 4;
    private String circuitBreaker = "llm";
    private int failureThreshold = 5;
    private String openDuration = "30s";
    private volatile Semaphore atTheModel;
    private volatile CircuitGuard circuit;
    private volatile ProducerTemplate producer;

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl == null ? "" : baseUrl.strip().replaceAll("/+$", "");
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey == null ? "" : apiKey;
    }

    public void setModel(String model) {
        this.model = model == null ? "" : model.strip();
    }

    public void setTimeoutSeconds(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public void setRetryBudget(String retryBudget) {
        this.retryBudget = retryBudget;
    }

    public void setProgressUri(String progressUri) {
        this.progressUri = progressUri == null ? "" : progressUri.strip();
    }

    public void setProgressInterval(String progressInterval) {
        this.progressInterval = progressInterval;
    }

    public void setMaxConcurrent(int maxConcurrent) {
        this.maxConcurrent = maxConcurrent;
    }

    public void setCircuitBreaker(String circuitBreaker) {
        this.circuitBreaker = circuitBreaker;
    }

    public void setFailureThreshold(int failureThreshold) {
        this.failureThreshold = failureThreshold;
    }

    public void setOpenDuration(String openDuration) {
        this.openDuration = openDuration;
    }

    private synchronized void init(Exchange exchange) {
        if (circuit == null) {
            atTheModel = new Semaphore(Math.max(1, maxConcurrent), true);
            producer = exchange.getContext().createProducerTemplate();
            circuit = new CircuitGuard("The LLM", CircuitBreakers.named(circuitBreaker, failureThreshold, openDuration));
        }
    }

    /**
     * The body is the chat request (a map or a JSON object: model, messages, temperature ...) or the question as text;
     * afterwards it is the answer. The header {@code llmFinish} says how the stream ended: stop, cut (the connection was
     * cut), length (the server sent more than an answer may hold: SseCollector's limits) or error (the backend failed
     * mid-answer); the last three also end the answer with a note.
     */
    public void chat(Exchange exchange) throws Exception {
        if (baseUrl.isEmpty()) {
            throw new ActionException("The LLM is not configured: the kamelet needs its baseUrl.");
        }
        init(exchange);
        Map<String, Object> request = request(exchange.getIn().getBody());
        exchange.getIn().removeHeaders("*", "Camel(?!Http).*");
        if (circuit.open()) {
            throw new ActionException(circuit.openLine(), 0, "error");
        }
        if (!atTheModel.tryAcquire(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new ActionException("The LLM is busy with other questions; try again in a moment.", 0, "error");
        }
        try {
            stream(exchange, request);
        } finally {
            atTheModel.release();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> request(Object body) throws Exception {
        Map<String, Object> request;
        if (body instanceof Map<?, ?> map) {
            request = new LinkedHashMap<>((Map<String, Object>) map);
        } else {
            String text = body == null ? "" : body.toString().strip();
            if (text.startsWith("{")) {
                request = mapper.readValue(text, LinkedHashMap.class);
            } else if (!text.isEmpty()) {
                request = new LinkedHashMap<>();
                request.put("messages", List.of(Map.of("role", "user", "content", text)));
            } else {
                throw new ActionException("The LLM needs a question: a chat request or text as the body.");
            }
        }
        if (request.get("model") == null || request.get("model").toString().isBlank()) {
            if (model.isEmpty()) {
                throw new ActionException("No LLM model is set: the request's model or the kamelet's model.");
            }
            request.put("model", model);
        }
        request.put("stream", true);
        return request;
    }

    private void stream(Exchange exchange, Map<String, Object> request) throws Exception {
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(request)));
        if (!apiKey.isBlank()) {
            http.header("Authorization", "Bearer " + apiKey);
        }
        long interval = RetryAfter.duration(progressInterval).toNanos();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long retryUntil = System.nanoTime() + RetryAfter.duration(retryBudget).toNanos();
        SseCollector answer;
        String failure;
        for (int attempt = 1; ; attempt++) {
            answer = new SseCollector(mapper);
            failure = null;
            if (!circuit.permitted()) {
                throw new ActionException(circuit.openLine(), 0, "error");
            }
            long started = System.nanoTime();
            boolean recorded = true;
            boolean unreachable = false;
            String shown = "";
            var response = HTTP.sendAsync(http.build(), answer);
            try {
                while (true) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException();
                    }
                    try {
                        answer.done().get(Math.min(left, interval), TimeUnit.NANOSECONDS);
                        recorded = false;
                        break;
                    } catch (TimeoutException tick) {
                        String partial = answer.text();
                        if (!partial.isBlank() && !partial.equals(shown)) {
                            progress(exchange, partial);
                            shown = partial;
                        }
                    }
                }
            } catch (TimeoutException e) {
                answer.cancel();
                response.cancel(true);
                LOG.warn("LLM answer timed out after {} s", timeoutSeconds);
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
            // "not yet" from the model (429, 5xx, down for a moment) is waited out within the retry budget, before
            // anything was streamed, rather than handed back as "try again"
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
        int status = answer.status();
        if (failure == null && status != 200) {
            LOG.warn("LLM backend answered HTTP {}: {}", status, LlmErrors.message(answer.raw(), mapper));
            throw new ActionException(LlmErrors.forStatus(status, answer.retryAfter(), answer.raw(),
                    String.valueOf(request.get("model")), mapper), status);
        }
        if (failure != null) {
            throw new ActionException(failure, 0, "error");
        }
        String text = answer.text();
        String finish = "stop";
        if (answer.streamError() != null) {
            LOG.warn("LLM stream error: {}", answer.streamError());
            if (text.isBlank()) {
                throw new ActionException("The LLM backend failed while answering: "
                        + LlmErrors.message(answer.streamError(), mapper), 200);
            }
            text = text + "\n\n_(The answer was cut short by a backend error.)_";
            finish = "error";
        } else if (answer.cut() != null) {
            LOG.warn("LLM answer not read to its end: {}", answer.cut());
            text = text + "\n\n_(The answer was cut: the LLM sent more than an answer may hold.)_";
            finish = "length";
        } else if (!answer.finished() && answer.raw().contains("data:")) {
            text = text + "\n\n_(The connection to the LLM was cut; the answer may be incomplete.)_";
            finish = "cut";
        }
        exchange.getMessage().setHeader(FINISH, finish);
        exchange.getMessage().setBody(text.isBlank() ? "_(The model returned an empty answer.)_" : text);
    }

    /** The answer so far, to progressUri: a copy of the exchange (its headers and variables) with the text as body. */
    private void progress(Exchange exchange, String partial) {
        if (progressUri.isEmpty()) {
            return;
        }
        Exchange copy = exchange.copy();
        copy.getIn().setBody(partial);
        Exchange sent = producer.send(progressUri, copy);
        if (sent.getException() != null) {
            LOG.warn("Progress to {} failed: {}", progressUri, sent.getException().toString());
        }
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
}
