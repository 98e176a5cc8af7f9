package io.github.webexcamel.gateway.config;

/** Where the embedded sandbox listens, when the gateway runs on it. */
public record SandboxEndpoints(String token, String apiUrl, String u2cUrl, String baseUrl) {
}
