package io.github.webexcamel.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What a bot library does over HTTP, with java.net.http so the sandbox is tested from the outside. */
final class BotClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    final WebexSandbox sandbox;
    final String token;

    BotClient(WebexSandbox sandbox) {
        this(sandbox, sandbox.botToken());
    }

    BotClient(WebexSandbox sandbox, String token) {
        this.sandbox = sandbox;
        this.token = token;
    }

    /** Absolute URL, or a path relative to the sandbox base URL. */
    String url(String pathOrUrl) {
        return pathOrUrl.startsWith("http") ? pathOrUrl : sandbox.baseUrl() + pathOrUrl;
    }

    HttpResponse<String> get(String pathOrUrl) {
        return send(request(pathOrUrl).GET());
    }

    HttpResponse<String> head(String pathOrUrl) {
        return send(request(pathOrUrl).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> post(String pathOrUrl, Object body) {
        return send(request(pathOrUrl).POST(HttpRequest.BodyPublishers.ofString(toJson(body)))
                .header("Content-Type", "application/json"));
    }

    HttpResponse<String> put(String pathOrUrl, Object body) {
        return send(request(pathOrUrl).PUT(HttpRequest.BodyPublishers.ofString(toJson(body)))
                .header("Content-Type", "application/json"));
    }

    HttpResponse<String> delete(String pathOrUrl) {
        return send(request(pathOrUrl).DELETE());
    }

    HttpResponse<byte[]> getBytes(String pathOrUrl) {
        try {
            return http.send(request(pathOrUrl).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** GET that must answer 200; returns the JSON body. */
    JsonNode getOk(String pathOrUrl) {
        HttpResponse<String> r = get(pathOrUrl);
        assertThat(r.statusCode()).as("GET %s: %s", pathOrUrl, r.body()).isEqualTo(200);
        return json(r);
    }

    JsonNode postOk(String pathOrUrl, Object body) {
        HttpResponse<String> r = post(pathOrUrl, body);
        assertThat(r.statusCode()).as("POST %s: %s", pathOrUrl, r.body()).isEqualTo(200);
        return json(r);
    }

    /** U2C catalog → WDM device, the way webex_bot finds its device endpoint. */
    JsonNode registerDevice(String name) {
        JsonNode catalog = getOk(sandbox.u2cUrl() + "/catalog?format=hostmap");
        String wdm = catalog.path("serviceLinks").path("wdm").asText();
        return postOk(wdm + "/devices", JSON.createObjectNode().put("name", name).put("deviceType", "DESKTOP")
                .put("model", "python").put("systemName", name).put("systemVersion", "0.1"));
    }

    /** Registers a device, opens its socket, authorizes with the frame and waits for buffer_state. */
    MercuryConnection connect(String deviceName) {
        JsonNode device = registerDevice(deviceName);
        MercuryConnection c = MercuryConnection.open(http, device.path("webSocketUrl").asText(), null);
        c.authorize("Bearer " + token);
        c.awaitFrame(f -> "mercury.buffer_state".equals(f.path("data").path("eventType").asText()));
        return c;
    }

    static JsonNode json(HttpResponse<String> r) {
        return parse(r.body());
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }

    private HttpRequest.Builder request(String pathOrUrl) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(pathOrUrl))).timeout(TIMEOUT);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String toJson(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
