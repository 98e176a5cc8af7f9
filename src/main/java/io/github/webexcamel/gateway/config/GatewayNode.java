package io.github.webexcamel.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * This process among the gateway's replicas: the WDM device name it registers (each replica its own, or Webex
 * replaces one socket with another) and the owner id of the event claims it takes (unique per run, so claims a
 * crashed run left behind are recognisably someone else's).
 *
 * @param deviceName the WDM device name
 * @param instanceId owner of this run's event claims
 */
public record GatewayNode(String deviceName, String instanceId) {

    static final String DEVICE_PREFIX = "webex-camel-gateway";

    /**
     * {@code camel.component.webex.device-name} when set; a single gateway keeps the historic fixed name (its device is reused
     * after a crash); a replica adds its host name, and the process id where replicas may share a host.
     */
    static GatewayNode of(String configuredDeviceName, String clusterType) {
        String host = hostName();
        long pid = ProcessHandle.current().pid();
        String device;
        if (configuredDeviceName != null && !configuredDeviceName.isBlank()) {
            device = configuredDeviceName.strip();
        } else if ("none".equals(clusterType)) {
            device = DEVICE_PREFIX;
        } else if ("kubernetes".equals(clusterType)) {
            device = DEVICE_PREFIX + "-" + host;
        } else {
            device = DEVICE_PREFIX + "-" + host + "-" + pid;
        }
        return new GatewayNode(device, device + "/" + host + "/" + pid + "/" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
