package io.github.webexcamel.gateway.webex;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/** {@code webex:events} (consumer) or {@code webex:messages} (producer). */
@UriEndpoint(firstVersion = "1.0.0", scheme = "webex", title = "Webex", syntax = "webex:kind",
             category = { Category.CHAT }, headersClass = WebexConstants.class)
public class WebexEndpoint extends DefaultEndpoint {

    @UriPath(enums = "events,messages", description = "events to receive activities, messages to post")
    @Metadata(required = true)
    private final String kind;
    @UriParam
    private final WebexConfiguration configuration;

    WebexEndpoint(String uri, WebexComponent component, String kind, WebexConfiguration configuration) {
        super(uri, component);
        this.kind = kind;
        this.configuration = configuration;
    }

    @Override
    public WebexComponent getComponent() {
        return (WebexComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        if (!"messages".equals(kind)) {
            throw new IllegalArgumentException("webex:" + kind + " cannot send: use webex:messages");
        }
        return new WebexMessagesProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (!"events".equals(kind)) {
            throw new IllegalArgumentException("webex:" + kind + " cannot consume: use webex:events");
        }
        WebexEventsConsumer consumer = new WebexEventsConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public WebexConfiguration getConfiguration() {
        return configuration;
    }

    public String getKind() {
        return kind;
    }
}
