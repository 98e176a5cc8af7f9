package io.github.webexcamel.gateway.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.webexcamel.gateway.config.GatewayNode;
import io.github.webexcamel.gateway.config.GatewayProperties;
import io.github.webexcamel.gateway.config.SandboxEndpoints;
import io.github.webexcamel.gateway.config.StartupProblem;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.apache.camel.component.zookeeper.ZooKeeperCuratorConfiguration;
import org.apache.camel.component.zookeeper.ZooKeeperCuratorHelper;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.util.IOHelper;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which replica runs the singleton routes (the Webex socket, the pollers, housekeeping): every route with
 * {@code routePolicy: "#webexLeader"} runs on the leader of the cluster namespace only, elected by a real
 * coordination service through Camel's cluster support ({@code webex.cluster.type}: file, zookeeper, kubernetes).
 * A single gateway ({@code none}) leads alone and the policy changes nothing.
 */
@Configuration(proxyBeanMethods = false)
public class ClusterConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterConfiguration.class);

    @Bean
    Leadership webexLeadership(GatewayProperties properties, CamelContext camelContext, GatewayNode node,
                               ObjectProvider<SandboxEndpoints> sandbox,
                               @Value("${camel.component.webex.token:}") String webexToken) throws Exception {
        GatewayProperties.Cluster cluster = properties.cluster();
        if (!cluster.clustered()) {
            return Leadership.alone();
        }
        if (!"jdbc".equals(properties.state().store())) {
            throw new StartupProblem("WEBEX_CLUSTER=" + cluster.type() + " needs a state store the replicas share:"
                    + " set WEBEX_STATE_STORE=jdbc and WEBEX_STATE_JDBC_URL (PostgreSQL)");
        }
        SandboxEndpoints local = sandbox.getIfAvailable();
        String namespace = namespace(cluster, local != null ? local.token() : webexToken);
        CamelClusterService service = service(cluster, node);
        if (!camelContext.hasService(service)) {
            camelContext.addService(service, true, true);
        }
        LOG.info("Clustered ({}): replica '{}' in namespace '{}'; the leader holds the Webex socket", cluster.type(),
                node.deviceName(), namespace);
        return Leadership.clustered(service, namespace);
    }

    @Bean("webexLeader")
    RoutePolicy webexLeader(Leadership leadership, CamelContext camelContext) {
        if (leadership.service() == null) {
            return new RoutePolicySupport() {
            };
        }
        return new LeaderRoutePolicy(camelContext, leadership);
    }

    private static CamelClusterService service(GatewayProperties.Cluster cluster, GatewayNode node) throws Exception {
        switch (cluster.type()) {
            case "file": {
                FileLockClusterService file = new FileLockClusterService();
                file.setId(node.deviceName());
                file.setRoot(cluster.fileRoot());
                // a replica that dies is replaced within about two intervals
                file.setAcquireLockDelay(500, TimeUnit.MILLISECONDS);
                file.setAcquireLockInterval(1, TimeUnit.SECONDS);
                return file;
            }
            case "zookeeper": {
                if (cluster.zookeeper() == null || cluster.zookeeper().isBlank()) {
                    throw new StartupProblem("WEBEX_CLUSTER=zookeeper needs WEBEX_CLUSTER_ZOOKEEPER=host:port[,host:port]");
                }
                ZooKeeperCuratorConfiguration configuration = new ZooKeeperCuratorConfiguration();
                configuration.setNodes(cluster.zookeeper());
                configuration.setBasePath("/webex-camel-gateway");
                configuration.setSessionTimeout(cluster.zookeeperSessionTimeout().toMillis(), TimeUnit.MILLISECONDS);
                configuration.setConnectionTimeout(Math.min(15_000, cluster.zookeeperSessionTimeout().toMillis()), TimeUnit.MILLISECONDS);
                // the service keeps a client it builds to itself; given one, Leadership can watch its connection
                CuratorFramework curator = ZooKeeperCuratorHelper.createCurator(configuration);
                curator.start();
                configuration.setCuratorFramework(curator);
                ZooKeeperClusterService zookeeper = new ZooKeeperClusterService(configuration) {
                    @Override
                    protected void doStop() throws Exception {
                        super.doStop();
                        // ours, so Camel leaves it open
                        IOHelper.close(curator);
                    }
                };
                zookeeper.setId(node.deviceName());
                return zookeeper;
            }
            case "kubernetes": {
                KubernetesClusterService kubernetes = new KubernetesClusterService();
                kubernetes.setId(node.deviceName());
                kubernetes.setLeaseResourceType(LeaseResourceType.Lease);
                long lease = cluster.kubernetesLeaseDuration().toMillis();
                kubernetes.setLeaseDurationMillis(lease);
                kubernetes.setRenewDeadlineMillis(lease * 2 / 3);
                kubernetes.setRetryPeriodMillis(Math.max(1000, lease / 7));
                String labels = cluster.kubernetesLabels();
                if (labels != null && !labels.isBlank()) {
                    kubernetes.setClusterLabels(labels(labels));
                }
                return kubernetes;
            }
            default:
                throw new StartupProblem("WEBEX_CLUSTER must be none, file, zookeeper or kubernetes, not '" + cluster.type() + "'");
        }
    }

    /** The configured namespace, else one derived from the bot's token: two bots never share a leader. */
    static String namespace(GatewayProperties.Cluster cluster, String token) {
        if (cluster.namespace() != null && !cluster.namespace().isBlank()) {
            return cluster.namespace().strip();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.valueOf(token).getBytes(StandardCharsets.UTF_8));
            return "webex-bot-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> labels(String value) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2 && !kv[0].isBlank()) {
                labels.put(kv[0].strip(), kv[1].strip());
            }
        }
        return labels;
    }
}
