package io.github.webexcamel.gateway.webex;

/** Webex refused the bot token: retrying cannot help, so start-up fails with this one line. */
public class WebexAuthenticationException extends RuntimeException {

    public WebexAuthenticationException(String message) {
        super(message);
    }
}
