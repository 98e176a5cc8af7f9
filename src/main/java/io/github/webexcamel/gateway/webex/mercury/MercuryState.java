package io.github.webexcamel.gateway.webex.mercury;

/** Where the Mercury connection is; only {@link #CONNECTED} means events can arrive. */
public enum MercuryState {
    STARTING, CONNECTED, RECONNECTING, FAILED, STOPPED
}
