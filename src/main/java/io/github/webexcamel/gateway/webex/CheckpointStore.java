package io.github.webexcamel.gateway.webex;

/**
 * Where the consumer's checkpoint lives (the {@code checkpointStore} option); the gateway keeps it in its state store,
 * {@link Checkpoint#file} keeps it in a file. A top-level type: a Spring Boot {@code #bean} reference is matched by the
 * type's dotted name, which a nested type's binary name ({@code Outer$Inner}) never equals.
 */
public interface CheckpointStore {
    /** The stored value, or null. */
    String read();

    void write(String value);
}
