package io.github.webexcamel.gateway.e2e;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * A forward HTTP proxy as corporate networks run them: {@code CONNECT host:port} opens a tunnel (wss, https),
 * an absolute-form request ({@code GET http://host/...}) is passed on to that host. It notes the first line
 * of every tunnel and every plain request it passes on, so a test can see what went through it.
 */
final class TestProxy implements AutoCloseable {

    private final NetServer server;
    private final NetClient client;
    private static final Pattern REQUEST_LINE = Pattern.compile("(GET|HEAD|POST|PUT|DELETE) http://\\S+ HTTP/1\\.1");
    private final List<String> requestLines = new CopyOnWriteArrayList<>();

    private final String requiredAuthorization;

    TestProxy(Vertx vertx) throws Exception {
        this(vertx, null, null);
    }

    /** A proxy that answers 407 to any connection without these Basic credentials. */
    TestProxy(Vertx vertx, String user, String password) throws Exception {
        this.requiredAuthorization = user == null ? null : "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.client = vertx.createNetClient();
        this.server = vertx.createNetServer().connectHandler(this::accept).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** The first request line of each proxied connection ("CONNECT 127.0.0.1:443 HTTP/1.1", "GET http://... HTTP/1.1"). */
    List<String> requestLines() {
        return requestLines;
    }

    private void accept(NetSocket in) {
        Buffer head = Buffer.buffer();
        boolean[] started = {false};
        in.handler(data -> {
            head.appendBuffer(data);
            if (started[0]) {
                return; // connecting: kept in head, sent once the upstream is there
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int endOfHead = text.indexOf("\r\n\r\n");
            if (endOfHead < 0) {
                return;
            }
            started[0] = true;
            String firstLine = text.substring(0, text.indexOf("\r\n"));
            if (requiredAuthorization != null && !text.substring(0, endOfHead).toLowerCase(java.util.Locale.ROOT)
                    .contains("proxy-authorization: " + requiredAuthorization.toLowerCase(java.util.Locale.ROOT))) {
                in.write("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n");
                in.close();
                return;
            }
            String[] parts = firstLine.split(" ");
            boolean tunnel = parts[0].equals("CONNECT");
            if (tunnel) {
                requestLines.add(firstLine);
            } else {
                noteRequests(text);
            }
            String host;
            int port;
            if (tunnel) {
                host = parts[1].substring(0, parts[1].lastIndexOf(':'));
                port = Integer.parseInt(parts[1].substring(parts[1].lastIndexOf(':') + 1));
            } else {
                URI target = URI.create(parts[1]);
                host = target.getHost();
                port = target.getPort() > 0 ? target.getPort() : 80;
            }
            in.pause();
            client.connect(port, host).onSuccess(out -> {
                if (tunnel) {
                    in.write("HTTP/1.1 200 Connection established\r\n\r\n");
                    out.write(head.getBuffer(endOfHead + 4, head.length()));
                } else {
                    // origin servers accept absolute-form request targets, so the bytes go on unchanged
                    out.write(head.copy());
                }
                in.handler(tunnel ? out::write : data2 -> {
                    noteRequests(data2.toString(StandardCharsets.ISO_8859_1));
                    out.write(data2);
                });
                out.handler(in::write);
                in.closeHandler(v -> out.close());
                out.closeHandler(v -> in.close());
                in.resume();
            }).onFailure(e -> {
                in.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
                in.close();
            });
        });
    }

    /** Kept-alive connections carry more requests after the first; each is noted. */
    private void noteRequests(String text) {
        Matcher m = REQUEST_LINE.matcher(text);
        while (m.find()) {
            requestLines.add(m.group());
        }
    }

    @Override
    public void close() {
        server.close();
        client.close();
    }
}
