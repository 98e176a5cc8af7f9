package io.github.webexcamel.gateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.fabric8.kubernetes.client.utils.PodStatusUtil;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.apache.camel.component.kubernetes.cluster.lock.KubernetesLeaseResourceManager;
import org.apache.camel.component.kubernetes.cluster.lock.LeaderInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.github.webexcamel.gateway.fakes.TestHttp.json;
import static io.github.webexcamel.gateway.fakes.TestHttp.request;
import static io.github.webexcamel.gateway.fakes.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The fake as the real clients see it: the fabric8 client and camel-kubernetes' own Lease manager (the code the
 * cluster service runs) against it, and the raw responses where their shape is the point.
 */
class FakeKubernetesTest {

    private static final String NS = "chatops";
    private static final Map<String, String> LABELS = Map.of("app", "gateway");

    private FakeKubernetes kube;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        kube = new FakeKubernetes().namespace(NS).start();
        client = client(FakeKubernetes.DEFAULT_TOKEN);
    }

    @AfterEach
    void stop() {
        client.close();
        kube.close();
    }

    private KubernetesClient client(String token) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(kube.baseUrl()).withOauthToken(token)
                .withNamespace(NS).withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static Lease lease(String name, String holder) {
        return new LeaseBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(3).endSpec().build();
    }

    @Test
    void aMissingLeaseIsA404StatusWhichTheClientReadsAsNull() {
        assertThat(client.leases().inNamespace(NS).withName("leaders-x").get()).isNull();
        HttpResponse<String> raw = send(request(kube.baseUrl() + FakeKubernetes.LEASES + NS + "/leases/leaders-x")
                .header("Authorization", "Bearer " + FakeKubernetes.DEFAULT_TOKEN).GET().build());
        assertThat(raw.statusCode()).isEqualTo(404);
        JsonNode status = json(raw);
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(status.path("status").asText()).isEqualTo("Failure");
        assertThat(status.path("reason").asText()).isEqualTo("NotFound");
        assertThat(status.path("code").asInt()).isEqualTo(404);
        assertThat(status.path("message").asText()).isEqualTo("leases.coordination.k8s.io \"leaders-x\" not found");
        assertThat(status.path("details").path("group").asText()).isEqualTo("coordination.k8s.io");
    }

    @Test
    void createAssignsServerFieldsAndASecondCreateIsAlreadyExists() {
        Lease created = client.leases().inNamespace(NS).resource(lease("leaders-a", "pod-0")).create();
        assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getNamespace()).isEqualTo(NS);
        assertThat(created.getMetadata().getCreationTimestamp()).isNotBlank();
        assertThatThrownBy(() -> client.leases().inNamespace(NS).resource(lease("leaders-a", "pod-1")).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
                });
        assertThat(client.leases().inNamespace(NS).withName("leaders-a").get().getSpec().getHolderIdentity())
                .isEqualTo("pod-0");
    }

    @Test
    void anUpdateWithAStaleResourceVersionIsAConflict() {
        Lease first = client.leases().inNamespace(NS).resource(lease("leaders-b", "pod-0")).create();
        Lease second = client.leases().inNamespace(NS).resource(new LeaseBuilder(first).editSpec()
                .withHolderIdentity("pod-1").endSpec().build())
                .lockResourceVersion(first.getMetadata().getResourceVersion()).update();
        assertThat(Long.parseLong(second.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(first.getMetadata().getResourceVersion()));

        assertThatThrownBy(() -> client.leases().inNamespace(NS).resource(new LeaseBuilder(first).editSpec()
                .withHolderIdentity("pod-2").endSpec().build())
                .lockResourceVersion(first.getMetadata().getResourceVersion()).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                    assertThat(e.getStatus().getMessage()).contains("the object has been modified");
                });
        assertThat(kube.lease(NS, "leaders-b").path("spec").path("holderIdentity").asText()).isEqualTo("pod-1");
        assertThat(kube.responses(409)).isEqualTo(1);
    }

    @Test
    void aNoOpUpdateKeepsTheResourceVersion() {
        Lease created = client.leases().inNamespace(NS).resource(lease("leaders-c", "pod-0")).create();
        Lease same = client.leases().inNamespace(NS).resource(created)
                .lockResourceVersion(created.getMetadata().getResourceVersion()).update();
        assertThat(same.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
    }

    @Test
    void validationRejectsANonPositiveLeaseDuration() {
        assertThatThrownBy(() -> client.leases().inNamespace(NS).resource(new LeaseBuilder(lease("leaders-d", "p"))
                .editSpec().withLeaseDurationSeconds(0).endSpec().build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                });
    }

    @Test
    void aNamespaceThatDoesNotExistCannotHoldALease() {
        assertThatThrownBy(() -> client.leases().inNamespace("elsewhere").resource(lease("leaders-e", "p")).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    @Test
    void camelsLeaseManagerAcquiresOnceAndLosesTheRace() {
        KubernetesLeaseResourceManager<Lease> manager = KubernetesLeaseResourceManager.create(LeaseResourceType.Lease);
        Set<String> members = Set.of("pod-0", "pod-1");
        Lease created = manager.createNewLeaseResource(client, NS, "leaders",
                new LeaderInfo("group", "pod-0", new Date(), members, 3));
        assertThat(created.getMetadata().getName()).isEqualTo("leaders-group");
        assertThat(manager.fetchLeaseResource(client, NS, "leaders", "group").getSpec().getHolderIdentity())
                .isEqualTo("pod-0");

        // two followers read the same version; only the first write wins
        Lease seen = manager.fetchLeaseResource(client, NS, "leaders", "group");
        Lease won = manager.optimisticAcquireLeadership(client, seen, new LeaderInfo("group", "pod-1", new Date(), members, 3));
        assertThat(won.getSpec().getHolderIdentity()).isEqualTo("pod-1");
        assertThat(won.getSpec().getLeaseTransitions()).isEqualTo(1);
        assertThatThrownBy(() -> manager.optimisticAcquireLeadership(client, seen,
                new LeaderInfo("group", "pod-2", new Date(), members, 3)))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

        Lease yielded = manager.optimisticDeleteLeaderInfo(client, won, "group");
        assertThat(yielded.getSpec().getHolderIdentity()).isNull();
        assertThat(kube.lease(NS, "leaders-group").path("spec").has("holderIdentity")).isFalse();
    }

    @Test
    void podsAreListedByLabelAndReadyOnlyWhileTheirContainerRuns() {
        AtomicBoolean running = new AtomicBoolean(true);
        kube.runPod(NS, "gateway-0", LABELS, running::get)
                .runPod(NS, "gateway-1", LABELS, () -> true)
                .runPod(NS, "other", Map.of("app", "other"), () -> true)
                .runPod("elsewhere", "gateway-9", LABELS, () -> true);
        List<Pod> pods = client.pods().inNamespace(NS).withLabels(LABELS).list().getItems();
        assertThat(pods).extracting(p -> p.getMetadata().getName()).containsExactly("gateway-0", "gateway-1");
        assertThat(pods).allMatch(PodStatusUtil::isRunning).allMatch(Readiness::isPodReady);
        String before = pods.get(0).getMetadata().getResourceVersion();

        running.set(false);
        Pod dead = client.pods().inNamespace(NS).withName("gateway-0").get();
        // the kubelet restarts a dead container in place: the phase stays Running, only readiness tells (so the
        // election filters on both)
        assertThat(PodStatusUtil.isRunning(dead)).isTrue();
        assertThat(Readiness.isPodReady(dead)).isFalse();
        assertThat(dead.getStatus().getPhase()).isEqualTo("Running");
        assertThat(dead.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(dead.getMetadata().getResourceVersion()).isNotEqualTo(before);
        assertThat(kube.requests("GET", "/api/v1/namespaces/" + NS + "/pods").get(0).queryParam("labelSelector"))
                .isEqualTo("app=gateway");
    }

    @Test
    void aProbedPodIsReadyAfterAPassingProbeAndNotAfterTheThresholdOfFailures() {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean probe = new AtomicBoolean(false);
        kube.runPod(NS, "gateway-0", LABELS, running::get, probe::get, Duration.ofMillis(50), 3);
        assertThat(ready("gateway-0")).as("not Ready before a probe passed").isFalse();
        probe.set(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> ready("gateway-0"));
        probe.set(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> !ready("gateway-0"));
        probe.set(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> ready("gateway-0"));
        running.set(false);
        assertThat(ready("gateway-0")).as("a dead container is not Ready, whatever the last probe said").isFalse();
    }

    private boolean ready(String pod) {
        return Readiness.isPodReady(client.pods().inNamespace(NS).withName(pod).get());
    }

    @Test
    void noTokenNoAnswerAndTheJournalNeverKeepsTheToken() {
        try (KubernetesClient wrong = client("not-the-token")) {
            assertThatThrownBy(() -> wrong.leases().inNamespace(NS).withName("leaders-x").get())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
        }
        client.leases().inNamespace(NS).withName("leaders-x").get();
        assertThat(kube.requests()).extracting(r -> r.header("Authorization")).containsOnly("Bearer [redacted]");
        assertThat(kube.requests().toString()).doesNotContain(FakeKubernetes.DEFAULT_TOKEN);
    }

    @Test
    void unknownPathsAndMethodsAnswerAsTheApiServerDoes() {
        HttpResponse<String> unknown = send(request(kube.baseUrl() + "/apis/example.com/v1/widgets")
                .header("Authorization", "Bearer " + FakeKubernetes.DEFAULT_TOKEN).GET().build());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("reason").asText()).isEqualTo("NotFound");
        HttpResponse<String> patch = send(request(kube.baseUrl() + FakeKubernetes.LEASES + NS + "/leases/x")
                .header("Authorization", "Bearer " + FakeKubernetes.DEFAULT_TOKEN)
                .header("Content-Type", "application/json-patch+json")
                .method("PATCH", TestHttp.jsonBody("[]")).build());
        assertThat(patch.statusCode()).isEqualTo(415);
    }
}
