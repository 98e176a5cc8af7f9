package io.github.webexcamel.gateway.deploy;

import java.nio.file.Path;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart under deploy/helm, linted and rendered by Helm's own library (helm-java): what an operator installs
 * elects a leader through a Lease it may touch, names each replica's device after its pod, probes the management
 * port, and refuses settings the gateway itself would refuse.
 */
class HelmChartTest {

    private static final Path CHART = Path.of("deploy/helm/webex-camel-gateway");

    private static String render(Object... sets) {
        var template = new Helm(CHART).template().withName("bot").withNamespace("chatops")
                .set("stateStore.jdbcUrl", "jdbc:postgresql://postgres:5432/gateway")
                .set("secrets.values.WEBEX_API_TOKEN", "token-for-the-render")
                .set("secrets.values.WEBEX_ADMIN_TOKEN", "admin-token-for-the-render");
        for (int i = 0; i + 1 < sets.length; i += 2) {
            template.set(sets[i].toString(), sets[i + 1]);
        }
        return template.call();
    }

    @Test
    void theChartLintsStrictly() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void replicasElectALeaderThroughALeaseTheyMayTouch() {
        String rendered = render();
        assertThat(rendered).contains("kind: Deployment").contains("replicas: 2")
                .contains("kind: Role").contains("leases").contains("coordination.k8s.io")
                .contains("name: WEBEX_CLUSTER").contains("value: \"kubernetes\"")
                .contains("name: WEBEX_CLUSTER_KUBERNETES_LABELS").contains("app.kubernetes.io/instance=bot")
                .contains("name: WEBEX_DEVICE_NAME").contains("fieldPath: metadata.name")
                .contains("name: WEBEX_STATE_STORE").contains("value: \"jdbc\"")
                .contains("/actuator/health/liveness").contains("/actuator/health/readiness")
                .contains("kind: PodDisruptionBudget");
    }

    @Test
    void zooKeeperIsTheOtherElection() {
        String rendered = render("cluster.type", "zookeeper", "cluster.zookeeper", "zk-0.zk:2181");
        assertThat(rendered).contains("name: WEBEX_CLUSTER_ZOOKEEPER").contains("zk-0.zk:2181").doesNotContain("kind: Role");
    }

    @Test
    void settingsTheGatewayWouldRefuseDoNotRender() {
        assertThatThrownBy(() -> render("cluster.type", "none")).hasMessageContaining("replicaCount above 1");
        assertThatThrownBy(() -> render("stateStore.type", "file")).hasMessageContaining("stateStore.type jdbc");
    }
}
