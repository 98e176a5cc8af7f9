package io.github.webexcamel.gateway.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** Settings of a {@link WebexSandbox}; Vert.x-style getters and chainable setters. */
public final class SandboxOptions {

    private String host = "127.0.0.1";
    private int port = 0;
    private String botEmail = "gateway-bot@webex.bot";
    private String botDisplayName = "Gateway Bot";
    private String botToken;
    private String cluster = "us";
    private String catalogCluster;
    private Path tlsKeyStore;
    private String tlsKeyStorePassword;
    private int maxMessageBytes = 7439;
    private Duration authTimeout = Duration.ofSeconds(10);
    private int maxDevices = 100;
    private Duration callTimeout = Duration.ofSeconds(10);

    public String getHost() {
        return host;
    }

    public SandboxOptions setHost(String host) {
        this.host = Objects.requireNonNull(host, "host");
        return this;
    }

    /** 0 picks a free port at {@link WebexSandbox#start()}. */
    public int getPort() {
        return port;
    }

    public SandboxOptions setPort(int port) {
        this.port = port;
        return this;
    }

    public String getBotEmail() {
        return botEmail;
    }

    public SandboxOptions setBotEmail(String botEmail) {
        this.botEmail = Objects.requireNonNull(botEmail, "botEmail");
        return this;
    }

    public String getBotDisplayName() {
        return botDisplayName;
    }

    public SandboxOptions setBotDisplayName(String botDisplayName) {
        this.botDisplayName = Objects.requireNonNull(botDisplayName, "botDisplayName");
        return this;
    }

    /** null mints a token shaped {@code <random>_<X>_<orgUuid>}, the only plain shape the JS SDK accepts. */
    public String getBotToken() {
        return botToken;
    }

    public SandboxOptions setBotToken(String botToken) {
        this.botToken = botToken;
        return this;
    }

    /** Cluster part of MESSAGE/ROOM/... ids; PEOPLE and ORGANIZATION ids always use "us". */
    public String getCluster() {
        return cluster;
    }

    public SandboxOptions setCluster(String cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        return this;
    }

    /**
     * The cluster id the U2C catalog gives this sandbox's hosts; by default the one that yields
     * {@link #getCluster()} ("urn:TEAM:us-east-2_a" for "us"). Setting another one makes the catalog place
     * the conversation host wrongly, as a client with a stale or partial catalog would see it.
     */
    public String getCatalogCluster() {
        if (catalogCluster != null) {
            return catalogCluster;
        }
        return "us".equals(cluster) ? "urn:TEAM:us-east-2_a" : cluster;
    }

    public SandboxOptions setCatalogCluster(String catalogCluster) {
        this.catalogCluster = catalogCluster;
        return this;
    }

    /** Limit for text, markdown and html of one message, in UTF-8 bytes. */
    public int getMaxMessageBytes() {
        return maxMessageBytes;
    }

    public SandboxOptions setMaxMessageBytes(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
        return this;
    }

    /**
     * A PKCS#12 key store with the server's key and certificate: the sandbox then serves https and wss (as
     * Webex does, and as clients such as webex_bot require). Null: plain http and ws.
     */
    public Path getTlsKeyStore() {
        return tlsKeyStore;
    }

    public String getTlsKeyStorePassword() {
        return tlsKeyStorePassword;
    }

    public SandboxOptions setTls(Path keyStore, String password) {
        this.tlsKeyStore = keyStore;
        this.tlsKeyStorePassword = password;
        return this;
    }

    /** A Mercury socket that has not authorized within this time is closed. */
    public Duration getAuthTimeout() {
        return authTimeout;
    }

    public SandboxOptions setAuthTimeout(Duration authTimeout) {
        this.authTimeout = Objects.requireNonNull(authTimeout, "authTimeout");
        return this;
    }

    /** WDM refuses more registrations with "User has excessive device registrations". */
    public int getMaxDevices() {
        return maxDevices;
    }

    public SandboxOptions setMaxDevices(int maxDevices) {
        this.maxDevices = maxDevices;
        return this;
    }

    /** How long a Java operator call waits for the sandbox's event loop. */
    public Duration getCallTimeout() {
        return callTimeout;
    }

    public SandboxOptions setCallTimeout(Duration callTimeout) {
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
        return this;
    }
}
