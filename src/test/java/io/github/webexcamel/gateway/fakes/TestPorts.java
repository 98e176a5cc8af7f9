package io.github.webexcamel.gateway.fakes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port for a server a test starts later (a child gateway's management port, a sandbox that comes up late). A port 0
 * socket's port, closed and handed on, is in the kernel's ephemeral range: until the server binds it, any outgoing
 * connection on the machine may be given it as its local port, and the bind fails. Ports below that range
 * (Linux: 32768 up) are only ever taken by an explicit bind.
 */
public final class TestPorts {

    private static final int FROM = 20_000;
    private static final int TO = 32_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private TestPorts() {
    }

    /** A port no socket holds now, below the ephemeral range, not handed out before in this JVM. */
    public static int unused() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FROM, TO);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // in use: another
            }
        }
        throw new UncheckedIOException(new IOException("No free port between " + FROM + " and " + TO));
    }
}
