package io.github.webexcamel.gateway.webex.rest;

import java.time.Duration;

/**
 * A Webex REST call that failed. The text names the call and Webex's own explanation and tracking id,
 * never the token or the request body.
 */
public class WebexApiException extends RuntimeException {

    private final int status;
    private final String trackingId;
    private final Duration retryAfter;

    public WebexApiException(String method, String path, int status, String webexMessage, String trackingId,
                             Duration retryAfter) {
        super(describe(method, path, status, webexMessage, trackingId));
        this.status = status;
        this.trackingId = trackingId;
        this.retryAfter = retryAfter;
    }

    public WebexApiException(String method, String path, Throwable cause) {
        super(method + " " + path + " failed: " + reason(cause), cause);
        this.status = 0;
        this.trackingId = null;
        this.retryAfter = null;
    }

    /**
     * The innermost explanation: Vert.x wraps a refused certificate as "Failed to create SSL connection",
     * which does not tell an operator what to fix.
     */
    private static String reason(Throwable cause) {
        String message = cause.getMessage();
        boolean tls = false;
        for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
            tls |= t instanceof javax.net.ssl.SSLException;
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        if (tls && message != null && message.contains("certification path")) {
            return message + " (the server's certificate is not trusted: add its CA to the JVM trust store,"
                    + " e.g. -Djavax.net.ssl.trustStore=...)";
        }
        return message;
    }

    private static String describe(String method, String path, int status, String webexMessage, String trackingId) {
        StringBuilder sb = new StringBuilder().append(method).append(' ').append(path).append(" -> HTTP ").append(status);
        if (webexMessage != null && !webexMessage.isBlank()) {
            sb.append(": ").append(webexMessage);
        }
        if (trackingId != null) {
            sb.append(" (trackingId ").append(trackingId).append(')');
        }
        return sb.toString();
    }

    /** HTTP status, or 0 when no response arrived (connection refused, timeout). */
    public int status() {
        return status;
    }

    public String trackingId() {
        return trackingId;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean isUnauthorized() {
        return status == 401;
    }

    public boolean isRetryable() {
        return status == 0 || status == 429 || status == 423 || status >= 500;
    }
}
