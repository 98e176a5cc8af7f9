package io.github.webexcamel.gateway.webex;

/**
 * Spaces whose earlier replies wait to be posted (a reply outbox, after Webex refused them for the whole write retry
 * budget). A post into one of them is not tried but kept behind them, so the space keeps its order. The
 * {@code webex:messages} producer uses the one bean of this type in the registry, if there is one.
 */
public interface HeldReplies {

    boolean holds(String roomId);

    /** Why a post was not tried: it waits behind the space's earlier replies. */
    final class Behind extends IllegalStateException {

        public Behind() {
            super("earlier replies to this space wait in the reply outbox");
        }
    }
}
