package io.github.webexcamel.kamelets.llm;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads an OpenAI-compatible chat completion stream (SSE, {@code data: {...}} events, {@code data: [DONE]})
 * as it arrives, collecting {@code choices[0].delta.content}. Non-200 answers and plain JSON answers are
 * collected raw. Thread-safe for one reader polling {@link #text()} while the HTTP client pushes lines.
 */
final class SseCollector implements HttpResponse.BodyHandler<Void>, Flow.Subscriber<String> {

    private static final int MAX_RAW = 64_000;

    private final ObjectMapper mapper;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder event = new StringBuilder();
    private final StringBuilder raw = new StringBuilder();
    private volatile int status;
    private volatile String retryAfter;
    private volatile String streamError;
    private volatile boolean finished;
    private volatile Flow.Subscription subscription;

    SseCollector(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
        status = info.statusCode();
        retryAfter = info.headers().firstValue("Retry-After").orElse(null);
        return HttpResponse.BodySubscribers.fromLineSubscriber(this, s -> null, StandardCharsets.UTF_8, null);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        synchronized (this) {
            if (raw.length() < MAX_RAW) {
                raw.append(line).append('\n');
            }
        }
        if (status != 200 || finished) {
            return;
        }
        if (line.isEmpty()) {
            dispatch();
        } else if (line.startsWith("data:")) {
            synchronized (this) {
                if (!event.isEmpty()) {
                    event.append('\n');
                }
                event.append(line.substring(5).stripLeading());
            }
        }
    }

    private void dispatch() {
        String data;
        synchronized (this) {
            data = event.toString();
            event.setLength(0);
        }
        if (data.isEmpty()) {
            return;
        }
        if (data.equals("[DONE]")) {
            finished = true;
            done.complete(null);
            return;
        }
        try {
            JsonNode chunk = mapper.readTree(data);
            if (chunk.has("error")) {
                JsonNode error = chunk.get("error");
                streamError = error.isTextual() ? error.asText() : error.path("message").asText("unknown error");
                return;
            }
            JsonNode content = chunk.path("choices").path(0).path("delta").path("content");
            if (content.isTextual()) {
                synchronized (this) {
                    text.append(content.asText());
                }
            }
        } catch (java.io.IOException e) {
            // not JSON: a comment or keep-alive the server should not have sent; skip it
        }
    }

    @Override
    public void onError(Throwable throwable) {
        done.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        if (status == 200 && !finished) {
            dispatch();
        }
        done.complete(null);
    }

    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    CompletableFuture<Void> done() {
        return done;
    }

    synchronized String text() {
        if (text.isEmpty() && status == 200 && !finished && raw.indexOf("data:") < 0) {
            // a server that ignored "stream": a plain chat.completion body
            try {
                JsonNode body = mapper.readTree(raw.toString());
                return body.path("choices").path(0).path("message").path("content").asText("");
            } catch (java.io.IOException e) {
                return "";
            }
        }
        return text.toString();
    }

    int status() {
        return status;
    }

    String retryAfter() {
        return retryAfter;
    }

    String streamError() {
        return streamError;
    }

    /** True when the stream ended with {@code [DONE]} (false: the connection was cut mid-answer). */
    boolean finished() {
        return finished;
    }

    synchronized String raw() {
        return raw.toString();
    }
}
