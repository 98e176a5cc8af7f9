package io.github.webexcamel.kamelets;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP answers read within limits a backend cannot move: java.net.http's request timeout covers the headers only, and
 * its string and line handlers keep whatever the server sends. A backend that trickles a body for ever, or sends one
 * without end, must cost a bounded time and memory.
 */
public final class BoundedHttp {

    private BoundedHttp() {
    }

    /** The whole answer, headers and body, within {@code timeout}; a body over {@code maxBytes} fails the call. */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request, int maxBytes, Duration timeout)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, info ->
                HttpResponse.BodySubscribers.mapping(new Limited(maxBytes), bytes -> new String(bytes, StandardCharsets.UTF_8)));
        try {
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException("no whole answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        }
    }

    /** Collects a body up to a limit; past it, stops reading and fails. */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Limited(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (result.isDone()) {
                    return;
                }
                if (body.size() + buffer.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("the answer is larger than " + max + " bytes"));
                    return;
                }
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                body.writeBytes(bytes);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(body.toByteArray());
        }
    }

    /**
     * Splits bytes into lines (LF or CRLF) as they come, none longer than {@code maxLineBytes}: the streams a backend
     * pushes (SseCollector) and the ones a reader pulls ({@link Lines}) share it.
     */
    public static final class LineBuffer {
        private final int maxLineBytes;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        public LineBuffer(int maxLineBytes) {
            this.maxLineBytes = maxLineBytes;
        }

        /** The line this byte ends, or null; past the limit, an IOException naming it. */
        public String add(int b) throws IOException {
            if (b == '\n') {
                return take();
            }
            if (line.size() >= maxLineBytes) {
                throw new IOException("a line of the answer is longer than " + maxLineBytes + " bytes");
            }
            line.write(b);
            return null;
        }

        /** What is left after the last line end (the body ended without one), or null. */
        public String rest() {
            return line.size() > 0 ? take() : null;
        }

        private String take() {
            byte[] bytes = line.toByteArray();
            line.reset();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
    }

    /**
     * The lines of a body, none longer than {@code maxLineBytes}: a longer one throws {@link UncheckedIOException}
     * when it is reached. Closing it closes the body (and so the connection).
     */
    public static final class Lines implements Iterator<String>, Closeable {
        private final InputStream in;
        private final LineBuffer buffer;
        private String next;
        private boolean ended;

        public Lines(InputStream in, int maxLineBytes) {
            this.in = new BufferedInputStream(in);
            this.buffer = new LineBuffer(maxLineBytes);
        }

        @Override
        public boolean hasNext() {
            if (next == null && !ended) {
                next = read();
                ended = next == null;
            }
            return next != null;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String line = next;
            next = null;
            return line;
        }

        private String read() {
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    String line = buffer.add(b);
                    if (line != null) {
                        return line;
                    }
                }
                return buffer.rest();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is all that was asked
            }
        }
    }
}
