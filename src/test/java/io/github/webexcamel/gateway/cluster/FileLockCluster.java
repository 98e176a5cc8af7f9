package io.github.webexcamel.gateway.cluster;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.component.file.cluster.FileLockClusterService;

/** Camel's file-lock cluster service in a fresh folder, quick to elect (for one-JVM tests of the leadership). */
final class FileLockCluster {

    private FileLockCluster() {
    }

    static FileLockClusterService join(CamelContext camel, String prefix) throws Exception {
        FileLockClusterService service = new FileLockClusterService();
        service.setId("replica-1");
        service.setRoot(Files.createTempDirectory(prefix).toString());
        service.setAcquireLockDelay(100, TimeUnit.MILLISECONDS);
        service.setAcquireLockInterval(200, TimeUnit.MILLISECONDS);
        camel.addService(service, true, true);
        return service;
    }
}
