package io.github.webexcamel.kamelets.llm;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.kamelets.BoundedHttp;

/**
 * Reads an OpenAI-compatible chat completion stream (SSE, {@code data: {...}} events, {@code data: [DONE]})
 * as it arrives, collecting {@code choices[0].delta.content}. Non-200 answers and plain JSON answers are
 * collected raw. Thread-safe for one reader polling {@link #text()} while the HTTP client pushes lines.
 *
 * <p>Bounded whatever the server sends: a line longer than {@link #MAX_LINE} bytes, an event or an answer longer than
 * {@link #MAX_TEXT} characters end the reading (the answer so far is kept and marked cut), and the stream is closed at
 * {@code [DONE]}, so bytes a server sends after it are not read at all.
 */
final class SseCollector implements HttpResponse.BodyHandler<Void>, Flow.Subscriber<List<ByteBuffer>> {

    private static final int MAX_RAW = 64_000;
    static final int MAX_LINE = 1 << 20;
    static final int MAX_TEXT = 1 << 20;

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
    private volatile String cut;
    private final BoundedHttp.LineBuffer line = new BoundedHttp.LineBuffer(MAX_LINE);

    SseCollector(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
        status = info.statusCode();
        retryAfter = info.headers().firstValue("Retry-After").orElse(null);
        return HttpResponse.BodySubscribers.fromSubscriber(this, s -> null);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    /** Splits the bytes into lines (LF, CRLF) as they come, none longer than {@link #MAX_LINE}. */
    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            while (buffer.hasRemaining()) {
                if (done.isDone()) {
                    return;
                }
                try {
                    String complete = line.add(buffer.get());
                    if (complete != null) {
                        onLine(complete);
                    }
                } catch (IOException tooLong) {
                    stop(tooLong.getMessage());
                    return;
                }
            }
        }
    }

    /** Ends the reading with what came so far: the server sends more than any answer needs. */
    private void stop(String why) {
        cut = why;
        finished = true;
        done.complete(null);
        cancel();
    }

    private void onLine(String line) {
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
            boolean tooLong;
            synchronized (this) {
                if (!event.isEmpty()) {
                    event.append('\n');
                }
                event.append(line.substring(5).stripLeading());
                tooLong = event.length() > MAX_TEXT;
            }
            if (tooLong) {
                stop("an event of the stream is longer than " + MAX_TEXT + " characters");
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
            // the answer is whole: what a server sends after it is not read
            cancel();
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
                boolean tooLong;
                synchronized (this) {
                    text.append(content.asText());
                    tooLong = text.length() > MAX_TEXT;
                }
                if (tooLong) {
                    stop("the answer is longer than " + MAX_TEXT + " characters");
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
        String rest = line.rest();
        if (rest != null && !done.isDone()) {
            onLine(rest);
        }
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

    /** Why the reading stopped before the server's end (it sent more than any answer needs), or null. */
    String cut() {
        return cut;
    }

    /** True when the stream ended with {@code [DONE]} (false: the connection was cut mid-answer). */
    boolean finished() {
        return finished;
    }

    synchronized String raw() {
        return raw.toString();
    }
}
