package io.github.webexcamel.gateway.reply;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code webex_replies_total{kind}}, counted by the reply routes ({@code process: webexReplyCounted}). A
 * {@code micrometer:counter} endpoint did the same, but on every message it evaluated its name and tags and removed
 * its headers by a pattern that Camel compiles as a regular expression once per header: about 5 % of the gateway's
 * CPU per reply in the echo benchmark (BENCHMARKS.md), for one increment.
 */
@Configuration(proxyBeanMethods = false)
public class ReplyMetrics {

    @Bean("webexReplyCounted")
    Processor webexReplyCounted(MeterRegistry registry) {
        return new Increment(registry, "reply");
    }

    @Bean("webexErrorReplyCounted")
    Processor webexErrorReplyCounted(MeterRegistry registry) {
        return new Increment(registry, "error");
    }

    private static final class Increment implements Processor {

        private final Counter counter;

        Increment(MeterRegistry registry, String kind) {
            this.counter = Counter.builder("webex.replies").tag("kind", kind)
                    .description("Messages Webex accepted from the reply route and the error-reply route").register(registry);
        }

        @Override
        public void process(Exchange exchange) {
            counter.increment();
        }
    }
}
