package io.github.webexcamel.gateway.ha;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.gateway.fakes.FakeKubernetes;
import io.github.webexcamel.gateway.fakes.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas as two pods of one Deployment, elected through camel-kubernetes' Lease lock against a fake API server
 * (the fabric8 client configured from the environment, as outside a cluster), state in PostgreSQL: the leader's
 * container SIGKILLed mid-burst, its pod no longer Ready, the other takes the Lease and the Webex socket, nothing is
 * lost and direct spaces are never answered twice.
 */
class KubernetesFailoverTest extends HaTestSupport {

    private static final String K8S_NAMESPACE = "chatops";
    // the labels and the selector the Helm chart gives the pods and the cluster service
    private static final Map<String, String> LABELS = Map.of("app.kubernetes.io/name", "webex-camel-gateway",
            "app.kubernetes.io/instance", "chatops");
    private static final String SELECTOR = "app.kubernetes.io/instance=chatops";
    private static FakeKubernetes kube;

    @BeforeAll
    static void services() throws Exception {
        services("ha_k8s_", false);
        kube = new FakeKubernetes().namespace(K8S_NAMESPACE).start();
    }

    @AfterAll
    static void stopKubernetes() {
        if (kube != null) {
            kube.close();
        }
    }

    @Test
    void theOtherPodTakesTheLeaseFromAKilledLeader() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/ha-kubernetes-" + UUID.randomUUID()));
        List<String> options = new ArrayList<>(sharedState());
        // a short lease keeps the test short: renew deadline 2 s, retry period 1 s (ClusterConfiguration)
        options.addAll(List.of("--webex.cluster.type=kubernetes", "--webex.cluster.kubernetes-lease-duration=3s"));
        List<GatewayProcess> replicas = new ArrayList<>();
        try {
            for (String pod : List.of("gateway-0", "gateway-1")) {
                GatewayProcess replica = pod(new GatewayProcess(pod, sandbox, dir, options), pod);
                // the chart's readiness probe, faster: a pod is a member only once the gateway answers it
                kube.runPod(K8S_NAMESPACE, pod, LABELS, replica::alive, replica::ready, Duration.ofMillis(500), 3);
                replicas.add(replica.start());
            }
            GatewayProcess leader = Failover.awaitOneLeader(sandbox, replicas);
            String lease = await().atMost(Duration.ofSeconds(10)).until(() -> kube.leaseNames(K8S_NAMESPACE),
                    names -> names.size() == 1).get(0);
            assertThat(lease).as("Lease named after the cluster namespace").isEqualTo(
                    ("leaders-" + schema).replace('_', '-'));
            assertThat(holder(lease)).isEqualTo(leader.name());

            Burst burst = new Burst(sandbox, "k8s-" + UUID.randomUUID().toString().substring(0, 6), 8);
            Failover killed = Failover.during(burst, "kill", 400, 200, leader::kill);
            GatewayProcess survivor = Failover.awaitOneLeader(sandbox, replicas);
            assertThat(survivor).isNotSameAs(leader);
            killed.awaitAnswered(burst, Duration.ofSeconds(120));
            killed.report(dir, "kubernetes lease, leader SIGKILLed", 2, burst);
            assertThat(burst.lost()).isZero();
            assertThat(burst.duplicates()).allMatch(d -> d.contains("(group)"))
                    .hasSizeLessThanOrEqualTo(Burst.GROUP_SPACES_IN_FLIGHT);
            assertThat(burst.outOfOrder()).isEmpty();
            assertThat(killed.failover()).as("first answer after the SIGKILL").isLessThan(Duration.ofSeconds(15));
            // the survivor waits a lease duration after taking the Lease, so the two never read Mercury at once
            assertThat(Failover.maxSimultaneousSockets()).as("replicas reading Mercury at once").isEqualTo(1);

            JsonNode taken = kube.lease(K8S_NAMESPACE, lease);
            assertThat(holder(lease)).as("Lease holder after the failover").isEqualTo(survivor.name());
            assertThat(taken.path("spec").path("leaseTransitions").asInt()).isEqualTo(1);
            assertThat(taken.path("spec").path("leaseDurationSeconds").asInt()).isEqualTo(3);
            // the survivor keeps the Lease: its renewals move renewTime past the moment it took it over
            Instant acquired = Instant.parse(taken.path("spec").path("acquireTime").asText());
            await().atMost(Duration.ofSeconds(10)).until(() -> Instant.parse(
                    kube.lease(K8S_NAMESPACE, lease).path("spec").path("renewTime").asText()).isAfter(acquired));
            assertThat(holder(lease)).isEqualTo(survivor.name());
            assertThat(kube.requests("PUT", FakeKubernetes.LEASES + K8S_NAMESPACE + "/leases/" + lease))
                    .as("every write names the resourceVersion it read (optimistic locking)")
                    .isNotEmpty().allMatch(r -> !r.json().path("metadata").path("resourceVersion").asText("").isEmpty());
            assertThat(kube.requests()).as("every request carries the service-account token")
                    .allMatch(RecordedRequest::isAuthenticated);
            String leases = FakeKubernetes.LEASES + K8S_NAMESPACE + "/leases";
            assertThat(kube.requests()).extracting(r -> r.method() + " " + r.path())
                    .as("the election reads pods and reads and writes its own Lease, nothing else (no patch, no delete)")
                    .allMatch(call -> List.of("GET /api/v1/namespaces/" + K8S_NAMESPACE + "/pods", "POST " + leases,
                            "GET " + leases + "/" + lease, "PUT " + leases + "/" + lease).contains(call));
            assertThat(kube.requests("GET", "/api/v1/namespaces/" + K8S_NAMESPACE + "/pods"))
                    .as("members are looked up by the configured labels")
                    .isNotEmpty().allMatch(r -> SELECTOR.equals(r.queryParam("labelSelector")));
        } finally {
            for (GatewayProcess replica : replicas) {
                replica.close();
            }
        }
    }

    /** What a pod's environment gives the gateway; the API server is reached as from outside the cluster. */
    private static GatewayProcess pod(GatewayProcess replica, String pod) {
        return replica.env("HOSTNAME", pod)
                .env("WEBEX_DEVICE_NAME", pod)
                .env("KUBERNETES_MASTER", kube.baseUrl())
                .env("KUBERNETES_NAMESPACE", K8S_NAMESPACE)
                .env("KUBERNETES_AUTH_TOKEN", FakeKubernetes.DEFAULT_TOKEN)
                // never a developer's ~/.kube/config or a real service account
                .env("KUBERNETES_AUTH_TRYKUBECONFIG", "false")
                .env("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false")
                .env("WEBEX_CLUSTER_KUBERNETES_LABELS", SELECTOR);
    }

    private static String holder(String lease) {
        return kube.lease(K8S_NAMESPACE, lease).path("spec").path("holderIdentity").asText(null);
    }
}
