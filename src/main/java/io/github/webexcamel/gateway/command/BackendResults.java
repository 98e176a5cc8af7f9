package io.github.webexcamel.gateway.command;

/**
 * What the results beans of the backends share when they word a backend's JSON for Webex. (Telling a failed call
 * from a good one, and the line for a failure, is the kamelets' job now: {@code io.github.webexcamel.kamelets}.)
 */
public final class BackendResults {

    private BackendResults() {
    }

    /** Escapes what Webex markdown would interpret in text that came from a backend. */
    public static String escapeMarkdown(String s) {
        return s == null ? "" : s.replaceAll("([\\\\`*_\\[\\]<>])", "\\\\$1");
    }
}
