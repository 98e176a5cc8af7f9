package io.github.webexcamel.gateway.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.access.AccessPolicy;
import io.github.webexcamel.gateway.chat.ChatSettings;
import io.github.webexcamel.gateway.command.CommandComponent;
import io.github.webexcamel.gateway.command.CommandFiles;
import io.github.webexcamel.gateway.command.CommandRegistry;
import io.github.webexcamel.gateway.reply.CardTemplates;
import io.github.webexcamel.gateway.reply.WebexReplies;
import io.github.webexcamel.gateway.governance.Approvals;
import io.github.webexcamel.gateway.governance.AuditLog;
import io.github.webexcamel.gateway.governance.Roles;
import io.github.webexcamel.gateway.governance.WebexCalls;
import io.github.webexcamel.gateway.state.EventClaims;
import io.github.webexcamel.gateway.state.StatePruning;
import io.github.webexcamel.gateway.state.StateValues;
import io.github.webexcamel.gateway.webex.Checkpoint;
import io.github.webexcamel.gateway.webex.CheckpointStore;
import io.github.webexcamel.gateway.webex.WebexComponent;
import io.github.webexcamel.gateway.webex.WebexConfiguration;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.spi.ComponentCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;

/** The beans the YAML routes refer to by name, and the two components. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);

    /** Before Camel initialises: its resource scan lists a jar's entries instead of reading the executable jar. */
    @Bean
    static BeanPostProcessor jarEntriesResourceResolver() {
        return JarEntriesResourceResolver.installer();
    }

    /** One Vert.x for the Webex socket, its REST client and the embedded sandbox. */
    @Bean(destroyMethod = "close")
    @Primary
    Vertx vertx() {
        return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4));
    }

    @Bean
    GatewayNode gatewayNode(@Value("${camel.component.webex.device-name:}") String deviceName, GatewayProperties properties) {
        GatewayNode node = GatewayNode.of(deviceName, properties.cluster().type());
        LOG.info("This gateway's Webex device is '{}'", node.deviceName());
        return node;
    }

    /**
     * The webex component as Camel makes it (META-INF/services), configured from {@code camel.component.webex.*}
     * by its auto-configuration; a bean for the gateway's own beans (health, metrics, the token check).
     */
    @Bean
    // the beans camel.component.webex.* names (#vertx, #webexEventIds, #webexCheckpointStore) are made first: a state
    // store that cannot be opened then stops start-up with its own one line, before Camel looks up its customizers
    @DependsOn({ "vertx", "webexEventIds", "webexCheckpointStore" })
    WebexComponent webexComponent(CamelContext camelContext) {
        try {
            WebexComponent webex = camelContext.getComponent("webex", WebexComponent.class);
            // Camel would refuse it when it starts, after a page of causes; here it is one line
            webex.getConfiguration().validate();
            return webex;
        } catch (RuntimeException e) {
            // a value the component refuses (WEBEX_INGRESS=sideways): one line naming it, not Camel's binding trace
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new StartupProblem("camel.component.webex: " + root.getMessage());
        }
    }

    /**
     * What the deployment decides rather than a setting, applied after {@code camel.component.webex.*}: on the
     * sandbox its token and URLs (its port may be picked at start-up), this replica's device name (derived from the
     * cluster type unless set), and pruning of dead replicas' devices when clustered.
     */
    @Bean
    ComponentCustomizer webexDeploymentCustomizer(GatewayNode node, GatewayProperties properties,
                                                  ObjectProvider<SandboxEndpoints> sandbox) {
        return ComponentCustomizer.builder(WebexComponent.class).withOrder(Ordered.LOWEST_PRECEDENCE).build(webex -> {
            WebexConfiguration config = webex.getConfiguration();
            SandboxEndpoints local = sandbox.getIfAvailable();
            if (local != null) {
                config.setToken(local.token());
                config.setApiUrl(local.apiUrl());
                config.setU2cUrl(local.u2cUrl());
            }
            config.setDeviceName(node.deviceName());
            config.setPruneOtherGatewayDevices(properties.cluster().clustered());
        });
    }

    /** {@code camel.component.webex.checkpoint-store=#webexCheckpointStore}: the checkpoint in the state store. */
    @Bean("webexCheckpointStore")
    CheckpointStore webexCheckpointStore(StateValues values, GatewayProperties properties) {
        return checkpointStore(values, properties.state().checkpointFile());
    }

    /** A wrong token stops start-up with one line; see {@link WebexTokenCheck}. */
    @Bean
    WebexTokenCheck webexTokenCheck(WebexComponent webex) {
        return new WebexTokenCheck(webex);
    }

    @Bean("command")
    CommandComponent commandComponent() {
        return new CommandComponent();
    }

    @Bean("webexCommandFiles")
    CommandFiles commandFiles(CamelContext camelContext,
                              @Value("${camel.main.routes-reload-directory:routes/commands}") String directory) {
        return new CommandFiles(camelContext, directory);
    }

    @Bean("webexCommands")
    CommandRegistry commandRegistry(CamelContext camelContext, GatewayProperties properties) {
        return new CommandRegistry(camelContext, properties.commandPrefix());
    }

    /**
     * The per-event steps of the inbound and dispatch routes as processors ({@code process: ref:}): a {@code bean:}
     * step finds and binds its method by reflection on every call, a tenth of a route worker's time per /echo.
     */
    @Bean("webexResolveCommand")
    Processor webexResolveCommand(CommandRegistry webexCommands) {
        return webexCommands::resolve;
    }

    @Bean("webexCheckAccess")
    Processor webexCheckAccess(AccessPolicy webexAccessPolicy) {
        return webexAccessPolicy::check;
    }

    @Bean
    CardTemplates cardTemplates(ObjectMapper mapper, GatewayProperties properties) throws IOException {
        return new CardTemplates(mapper, Path.of(properties.cardsDir()), properties.cardMaxBytes());
    }

    @Bean("webexReplies")
    WebexReplies webexReplies(CardTemplates templates, ObjectMapper mapper) {
        return new WebexReplies(templates, mapper);
    }

    /** The checkpoint in the state store; a file an older version wrote is taken over once. */
    static CheckpointStore checkpointStore(StateValues values, String legacyFile) {
        String name = "webex.checkpoint";
        if (legacyFile != null && !legacyFile.isBlank() && values.get(name).isEmpty()) {
            String old = Checkpoint.file(Path.of(legacyFile)).read();
            if (old != null && !old.isBlank()) {
                values.put(name, old);
                LOG.info("Took over the checkpoint from {}; it is kept in the state store from now on", legacyFile);
            }
        }
        return new CheckpointStore() {
            @Override
            public String read() {
                return values.get(name).orElse(null);
            }

            @Override
            public void write(String value) {
                values.put(name, value);
            }
        };
    }

    @Bean("webexAccessPolicy")
    AccessPolicy accessPolicy(GatewayProperties properties, WebexCalls webex, ObjectProvider<SandboxEndpoints> sandbox) {
        GatewayProperties.Access access = properties.access();
        boolean sandboxMode = sandbox.getIfAvailable() != null;
        boolean rules = !(set(access.approvedUsers()).stream().allMatch(String::isBlank)
                && set(access.approvedDomains()).stream().allMatch(String::isBlank)
                && set(access.approvedRooms()).stream().allMatch(String::isBlank));
        // the sandbox stays zero-config: open until rules are set there too
        AccessPolicy policy = new AccessPolicy(set(access.approvedUsers()), set(access.approvedDomains()),
                set(access.approvedRooms()), access.open() || sandboxMode && !rules, access.denyNotice(),
                personId -> "bot".equalsIgnoreCase(String.valueOf(webex.person(personId).get("type"))));
        if (!sandboxMode && !access.open() && !policy.hasRules()) {
            // closed by default: a real bot with no rule would answer anyone who can open a 1:1 space with it
            throw new StartupProblem("No access rule is configured: set WEBEX_APPROVED_USERS, WEBEX_APPROVED_DOMAINS or"
                    + " WEBEX_APPROVED_ROOMS, or WEBEX_ACCESS_OPEN=true to let anyone who can message the bot use it");
        }
        return policy;
    }

    @Bean("chatSettings")
    ChatSettings chatSettings(@Value("${llm.model:}") String model,
                              @Value("${llm.temperature:0.2}") double temperature,
                              @Value("${llm.system-prompt:You are a helpful assistant in a Webex space. Answer briefly.}") String prompt,
                              JdbcTemplate webexStateJdbc, ObjectMapper mapper, Roles roles, GatewayProperties properties) {
        return new ChatSettings(model, temperature, prompt, webexStateJdbc, mapper, roles,
                properties.access().chatSettingsRole());
    }

    @Bean("webexPruning")
    StatePruning webexPruning(EventClaims events, AuditLog audit, Approvals approvals, JdbcTemplate webexStateJdbc,
                              GatewayProperties properties, @Value("${webex.state.max-spaces:1000}") int maxSpaces) {
        return new StatePruning(events, audit, approvals, webexStateJdbc, properties, maxSpaces);
    }

    private static Set<String> set(List<String> values) {
        return new HashSet<>(values == null ? List.of() : values);
    }
}
