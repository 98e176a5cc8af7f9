package io.github.webexcamel.gateway.ha;

import java.util.List;
import java.util.UUID;

import io.github.webexcamel.gateway.sandbox.SandboxOptions;
import io.github.webexcamel.gateway.sandbox.WebexSandbox;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;

/** What every failover test needs: a Webex sandbox in this JVM and a PostgreSQL schema of its own for the replicas. */
abstract class HaTestSupport {

    static Vertx vertx;
    static WebexSandbox sandbox;
    static String schema;

    /** Skips (or, in CI, fails) unless PostgreSQL and the named services run; then starts the sandbox. */
    static void services(String prefix, boolean zookeeper) throws Exception {
        if (zookeeper) {
            HaSupport.require("ZooKeeper", 2181);
        }
        HaSupport.require("PostgreSQL", 5432);
        schema = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        HaSupport.createSchema(schema);
        vertx = Vertx.vertx();
        sandbox = new WebexSandbox(vertx, new SandboxOptions().setPort(0));
        sandbox.start();
    }

    /** The state-store options every replica of the test shares. */
    static List<String> sharedState() {
        return List.of("--webex.cluster.namespace=" + schema, "--webex.state.store=jdbc",
                "--webex.state.jdbc-url=" + HaSupport.PG + "?currentSchema=" + schema, "--webex.state.jdbc-user=postgres");
    }

    @AfterAll
    static void closeServices() {
        if (sandbox != null) {
            sandbox.close();
            vertx.close();
            sandbox = null;
        }
        if (schema != null) {
            HaSupport.dropSchema(schema);
        }
    }
}
