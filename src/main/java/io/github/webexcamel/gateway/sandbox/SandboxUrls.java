package io.github.webexcamel.gateway.sandbox;

/** Every URL the simulated cloud advertises points back at the one sandbox server (https and wss with TLS). */
record SandboxUrls(String host, int port, boolean tls) {

    String base() {
        return (tls ? "https://" : "http://") + host + ":" + port;
    }

    String authority() {
        return host + ":" + port;
    }

    String u2c() {
        return base() + "/u2c/api/v1";
    }

    String api() {
        return base() + "/v1";
    }

    String wdm() {
        return base() + "/wdm/api/v1";
    }

    String conversation() {
        return base() + "/conversation/api/v1";
    }

    String deviceUrl(String deviceUuid) {
        return wdm() + "/devices/" + deviceUuid;
    }

    String webSocketUrl(String deviceUuid) {
        return (tls ? "wss://" : "ws://") + host + ":" + port + "/mercury/registrations/" + deviceUuid + "/messages";
    }
}
