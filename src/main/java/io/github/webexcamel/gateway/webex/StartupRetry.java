package io.github.webexcamel.gateway.webex;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A start while Webex cannot be reached: the route starts anyway (DOWN in health) and the consumer tries again on
 * the reconnect {@link Backoff}, without jitter, until an attempt says it is done (connected, or the token was
 * refused). Attempts block (they read the bot's identity), so they run on a route worker, never on the event loop.
 */
final class StartupRetry {

    private static final Logger LOG = LoggerFactory.getLogger(WebexEventsConsumer.class);

    /** One try; true when there is nothing more to retry. */
    interface Attempt {
        boolean done();
    }

    private final Vertx vertx;
    private final Backoff backoff;
    private long timer = -1;

    StartupRetry(Vertx vertx, Backoff backoff) {
        this.vertx = vertx;
        this.backoff = backoff;
    }

    /**
     * Schedules the attempts, the first after the first step.
     *
     * @param wanted false once the consumer stopped or started again (an older start's retry then ends)
     */
    void start(Executor workers, BooleanSupplier wanted, Attempt attempt) {
        schedule(0, workers, wanted, attempt);
    }

    private void schedule(int n, Executor workers, BooleanSupplier wanted, Attempt attempt) {
        timer = vertx.setTimer(backoff.delayMillis(n), id -> {
            try {
                workers.execute(() -> {
                    if (wanted.getAsBoolean() && !attempt.done()) {
                        schedule(n + 1, workers, wanted, attempt);
                    }
                });
            } catch (RejectedExecutionException stopping) {
                LOG.debug("Workers stopped: not retrying the start");
            }
        });
    }

    void cancel() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
