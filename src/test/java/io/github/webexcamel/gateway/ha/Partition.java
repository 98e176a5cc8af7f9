package io.github.webexcamel.gateway.ha;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * A TCP hop between one replica and a service (ZooKeeper) that the test can cut as a network partition cuts it:
 * packets stop in both directions but no connection is closed, so the replica learns of it only from its own
 * timeouts, and new connections get no answer either. {@link #heal()} lets traffic through again and drops the
 * connections that were cut (as their peers would after the partition, by timeout or reset).
 */
final class Partition implements AutoCloseable {

    private final NetServer server;
    private final NetClient client;
    private final String host;
    private final int port;
    private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean cut;

    Partition(Vertx vertx, String host, int port) throws Exception {
        this.host = host;
        this.port = port;
        this.client = vertx.createNetClient();
        this.server = vertx.createNetServer().connectHandler(this::accept).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** host:port to give the replica instead of the service's. */
    String address() {
        return "127.0.0.1:" + server.actualPort();
    }

    void cut() {
        cut = true;
    }

    void heal() {
        cut = false;
        for (NetSocket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    private void accept(NetSocket in) {
        sockets.add(in);
        in.closeHandler(v -> sockets.remove(in));
        if (cut) {
            in.handler(dropped -> { });
            return;
        }
        in.pause();
        client.connect(port, host).onSuccess(out -> {
            sockets.add(out);
            in.handler(data -> {
                if (!cut) {
                    out.write(data);
                }
            });
            out.handler(data -> {
                if (!cut) {
                    in.write(data);
                }
            });
            in.closeHandler(v -> {
                sockets.remove(in);
                out.close();
            });
            out.closeHandler(v -> {
                sockets.remove(out);
                in.close();
            });
            in.resume();
        }).onFailure(e -> in.close());
    }

    @Override
    public void close() {
        heal();
        server.close();
        client.close();
    }
}
