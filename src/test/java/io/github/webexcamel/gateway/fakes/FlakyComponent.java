package io.github.webexcamel.gateway.fakes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * {@code flaky:<name>}: a consumer whose start fails while {@link #failing(String, int)} says so, as a consumer whose
 * broker or backend is out of reach fails; it receives nothing. Counts the start attempts per name.
 */
public final class FlakyComponent extends DefaultComponent {

    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    /** The next {@code times} starts of {@code flaky:name} fail. */
    public FlakyComponent failing(String name, int times) {
        failuresLeft.computeIfAbsent(name, n -> new AtomicInteger()).set(times);
        return this;
    }

    public int attempts(String name) {
        AtomicInteger count = attempts.get(name);
        return count == null ? 0 : count.get();
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        return new DefaultEndpoint(uri, this) {
            @Override
            public Producer createProducer() {
                throw new UnsupportedOperationException("flaky: has no producer");
            }

            @Override
            public Consumer createConsumer(Processor processor) {
                return new DefaultConsumer(this, processor) {
                    @Override
                    protected void doStart() throws Exception {
                        attempts.computeIfAbsent(remaining, n -> new AtomicInteger()).incrementAndGet();
                        AtomicInteger left = failuresLeft.get(remaining);
                        if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            throw new IllegalStateException("flaky:" + remaining + " is out of reach");
                        }
                        super.doStart();
                    }
                };
            }
        };
    }
}
