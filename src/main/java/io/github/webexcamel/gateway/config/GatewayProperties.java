package io.github.webexcamel.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's own settings ({@code webex.*} in application.properties; the environment variables
 * named in the README map onto them there). The webex component's options (token, URLs, socket, timeouts,
 * ingress) are not here: they are {@code camel.component.webex.*}, bound by the component's own configuration.
 *
 * @param commandPrefix what starts a command ("/")
 * @param cardsDir      folder of Adaptive Card templates
 * @param cardMaxBytes  largest card (template or filled in) the gateway sends; a template over it fails start-up
 * @param commands      per-command governance: {@code <keyword>[.<sub-command>].roles|approvers|scope} and
 *                      {@code <keyword>.rate-limit.per-person|per-space}
 */
@ConfigurationProperties("webex")
public record GatewayProperties(@DefaultValue("/") String commandPrefix,
                                @DefaultValue("routes/cards") String cardsDir,
                                @DefaultValue("16384") int cardMaxBytes,
                                @DefaultValue Access access,
                                @DefaultValue State state,
                                @DefaultValue Sandbox sandbox,
                                @DefaultValue Cluster cluster,
                                Map<String, String> commands,
                                @DefaultValue Approvals approvals,
                                @DefaultValue Audit audit,
                                @DefaultValue RateLimit rateLimit,
                                @DefaultValue Webhook webhook) {

    public GatewayProperties {
        commands = commands == null ? Map.of() : Map.copyOf(commands);
    }

    /**
     * Who may use the bot, and the roles commands can ask for.
     *
     * @param approvedUsers      e-mail addresses allowed to use the bot (also other bots, which are otherwise ignored)
     * @param approvedDomains    e-mail domains allowed to use the bot
     * @param approvedRooms      room ids in which anyone may use the bot (in that room only)
     * @param open               with a real token and no approved users, domains or rooms, start anyway, open to
     *                           anyone who can message the bot (else start-up stops)
     * @param denyNotice         tell a denied user so (true) or stay silent (false)
     * @param roles              role name to comma-separated e-mails, {@code @domain}s and room ids (a room id
     *                           grants the role to the members of that room)
     * @param spaceAuthorization group spaces need an admin's {@code /authorize} before the bot acts there
     * @param membershipCacheTtl how long a room-membership answer is reused (at most 60 s)
     * @param chatSettingsRole   role whose members may change {@code /chat} settings in group spaces
     */
    public record Access(@DefaultValue("") List<String> approvedUsers, @DefaultValue("") List<String> approvedDomains,
                         @DefaultValue("") List<String> approvedRooms, @DefaultValue("false") boolean open,
                         @DefaultValue("true") boolean denyNotice, Map<String, String> roles,
                         @DefaultValue("false") boolean spaceAuthorization,
                         @DefaultValue("60s") Duration membershipCacheTtl,
                         @DefaultValue("admin") String chatSettingsRole) {
        public Access {
            roles = roles == null ? Map.of() : Map.copyOf(roles);
        }
    }

    /**
     * The state store: handled events, checkpoint, approvals, space registry, /chat settings, LLM memory, Jenkins
     * watches and the audit log.
     *
     * @param store             file (embedded database, the default), jdbc (PostgreSQL) or memory (lost on restart)
     * @param file              the embedded database's path (H2 adds {@code .mv.db})
     * @param checkpointFile    where older versions kept the checkpoint; imported once if present
     * @param jdbcUrl           e.g. jdbc:postgresql://127.0.0.1:5432/gateway
     * @param jdbcUser          database user
     * @param jdbcPassword      database password
     * @param poolSize          database connections
     * @param claimTimeout      an event claim not kept alive this long belongs to a dead replica and is taken over
     * @param claimKeepAlive    how often running events' claims are renewed
     * @param eventRetention    how long handled event ids are kept
     */
    public record State(@DefaultValue("file") String store, @DefaultValue("data/gateway") String file,
                        @DefaultValue("data/webex-checkpoint") String checkpointFile,
                        String jdbcUrl, String jdbcUser, String jdbcPassword,
                        @DefaultValue("4") int poolSize,
                        @DefaultValue("8s") Duration claimTimeout,
                        @DefaultValue("2s") Duration claimKeepAlive,
                        @DefaultValue("2d") Duration eventRetention) {
    }

    /**
     * @param port      port of the embedded sandbox (0 picks a free one)
     * @param userEmail the sandbox user the printed examples and the playground act as
     * @param enabled   running on the sandbox is intended: without it, a process that has connector credentials but
     *                  no Webex token is not ready (a production deployment whose token went missing)
     */
    public record Sandbox(@DefaultValue("7070") int port, @DefaultValue("alice@example.com") String userEmail,
                          @DefaultValue("false") boolean enabled) {
    }

    /**
     * Several replicas, one of which (the leader) holds the Webex socket.
     *
     * @param type                     none, file, zookeeper or kubernetes
     * @param fileRoot                 the file cluster's lock folder (one host or a shared volume)
     * @param zookeeper                ZooKeeper connect string, host:port[,host:port]
     * @param namespace                cluster namespace; empty derives one from the bot's identity
     * @param zookeeperSessionTimeout  a leader silent this long loses leadership
     * @param kubernetesLeaseDuration  Kubernetes lease duration
     * @param kubernetesLabels         key=value,...: only pods with these labels take part in the election
     */
    public record Cluster(@DefaultValue("none") String type, @DefaultValue("data/cluster") String fileRoot,
                          String zookeeper, String namespace,
                          @DefaultValue("8s") Duration zookeeperSessionTimeout,
                          @DefaultValue("15s") Duration kubernetesLeaseDuration, String kubernetesLabels) {
        public boolean clustered() {
            return !"none".equals(type);
        }
    }

    /**
     * Four eyes: commands that need a second person's approval.
     *
     * @param ttl         a request not decided within this expires
     * @param selfApprove the requester may approve their own request
     * @param roomId      where approval cards go (empty: the requesting space)
     */
    public record Approvals(@DefaultValue("15m") Duration ttl, @DefaultValue("false") boolean selfApprove,
                            String roomId) {
    }

    /**
     * @param retention     audit rows older than this are pruned
     * @param pruneInterval how often state that outlived its retention is pruned
     */
    public record Audit(@DefaultValue("90d") Duration retention, @DefaultValue("1h") Duration pruneInterval) {
    }

    /**
     * Token buckets (commands per minute; 0 turns one off).
     *
     * @param perPerson commands a person may run per minute
     * @param perSpace  commands a space may run per minute
     */
    public record RateLimit(@DefaultValue("20") int perPerson, @DefaultValue("60") int perSpace) {
    }

    /**
     * Webex webhooks, used when {@code ingress} is webhook or both.
     *
     * @param url         the gateway's public base URL Webex delivers to (the path is appended); empty on the sandbox
     *                    means this gateway's own address
     * @param secret      the webhooks' HMAC secret; empty: one is generated once and kept in the state store
     * @param path        the receiving path on the application port
     * @param cleanup     delete the webhooks this gateway registered on a clean shutdown
     * @param maxBodySize a delivery larger than this is refused with 413
     */
    public record Webhook(String url, String secret, @DefaultValue("/webex/webhook") String path,
                          @DefaultValue("false") boolean cleanup,
                          @DefaultValue("1MB") org.springframework.util.unit.DataSize maxBodySize) {
    }
}
