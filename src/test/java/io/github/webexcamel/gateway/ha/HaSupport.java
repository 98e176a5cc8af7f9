package io.github.webexcamel.gateway.ha;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;

import org.junit.jupiter.api.Assumptions;

/** The coordination services a failover test needs: present in CI (.ci/run starts them), skipped elsewhere. */
final class HaSupport {

    static final String PG = System.getenv().getOrDefault("WEBEX_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");

    private HaSupport() {
    }

    static void require(String what, int port) {
        boolean up;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            up = true;
        } catch (Exception e) {
            up = false;
        }
        if (!up && System.getenv("CI") != null) {
            throw new AssertionError("CI must run the failover tests, but " + what + " does not listen on 127.0.0.1:" + port);
        }
        Assumptions.assumeTrue(up, what + " is not running on 127.0.0.1:" + port + ": skipping the failover test");
    }

    static void createSchema(String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(PG, "postgres", "")) {
            c.createStatement().execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        }
    }

    static void dropSchema(String schema) {
        try (Connection c = DriverManager.getConnection(PG, "postgres", "")) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (Exception e) {
            // nothing to drop
        }
    }
}
