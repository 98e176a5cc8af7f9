package io.github.webexcamel.gateway.webex.mercury;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.webex.rest.WebexApiException;
import io.github.webexcamel.gateway.webex.rest.WebexRestClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discovery and registration against a WDM that is not the sandbox: one that cannot list devices. */
class DeviceRegistryTest {

    private final Vertx vertx = Vertx.vertx();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private volatile int listStatus = 405;
    private WebexRestClient rest;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> {
            calls.add(req.method() + " " + req.path());
            String path = req.path();
            if (path.equals("/u2c/api/v1/catalog")) {
                req.response().putHeader("Content-Type", "application/json")
                        .end("{\"serviceLinks\":{\"wdm\":\"" + base + "/wdm/api/v1/\"}}");
            } else if (path.equals("/wdm/api/v1/devices") && req.method().name().equals("GET")) {
                req.response().setStatusCode(listStatus).end("{\"message\":\"no listing here\"}");
            } else if (path.equals("/wdm/api/v1/devices") && req.method().name().equals("POST")) {
                req.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                        .end("{\"url\":\"" + base + "/wdm/api/v1/devices/d1\",\"webSocketUrl\":\"ws://127.0.0.1:1/mercury/d1\"}");
            } else {
                req.response().setStatusCode(404).end();
            }
        }).listen(0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + server.actualPort();
        rest = new WebexRestClient(vertx, new ObjectMapper(), base + "/v1", "token", null, Duration.ofSeconds(2), 1,
                Duration.ofSeconds(1), 4);
    }

    @AfterEach
    void stop() {
        rest.close();
        vertx.close();
    }

    @Test
    void aWdmThatCannotListDevicesStillGetsOneRegistered() throws Exception {
        DeviceRegistry devices = new DeviceRegistry(rest, base + "/u2c/api/v1/", "gw");
        devices.discover().compose(x -> devices.ensureDevice(true)).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertThat(devices.webSocketUrl()).isEqualTo("ws://127.0.0.1:1/mercury/d1");
        assertThat(calls).containsExactly("GET /u2c/api/v1/catalog", "GET /wdm/api/v1/devices", "POST /wdm/api/v1/devices");
    }

    /** A listing that fails for another reason is not a licence to register a second device beside ours. */
    @Test
    void aWdmFailingToListDevicesGetsNoSecondDevice() {
        listStatus = 503;
        DeviceRegistry devices = new DeviceRegistry(rest, base + "/u2c/api/v1", "gw");
        assertThatThrownBy(() -> devices.discover().compose(x -> devices.ensureDevice(true)).toCompletionStage()
                .toCompletableFuture().get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(WebexApiException.class);
        assertThat(calls).doesNotContain("POST /wdm/api/v1/devices");
    }

    @Test
    void theCatalogUrlItselfIsAcceptedAsTheU2cBase() throws Exception {
        DeviceRegistry devices = new DeviceRegistry(rest, base + "/u2c/api/v1/catalog", "gw");
        devices.discover().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(calls).containsExactly("GET /u2c/api/v1/catalog");
    }

    @Test
    void aRejectedTokenOnTheListingIsNotPaperedOver() {
        listStatus = 401;
        DeviceRegistry devices = new DeviceRegistry(rest, base + "/u2c/api/v1", "gw");
        assertThatThrownBy(() -> devices.discover().compose(x -> devices.ensureDevice(true)).toCompletionStage()
                .toCompletableFuture().get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(WebexApiException.class);
        assertThat(calls).doesNotContain("POST /wdm/api/v1/devices");
    }
}
