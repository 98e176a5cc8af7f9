package io.github.webexcamel.gateway.sandbox;

/** A file a simulated user shares into a room. */
public record SandboxFile(String name, String contentType, byte[] content) {}
