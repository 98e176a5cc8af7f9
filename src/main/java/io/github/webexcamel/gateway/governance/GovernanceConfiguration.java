package io.github.webexcamel.gateway.governance;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.cluster.Leadership;
import io.github.webexcamel.gateway.command.CommandRegistry;
import io.github.webexcamel.gateway.config.GatewayProperties;
import io.github.webexcamel.gateway.reply.CardTemplates;
import io.github.webexcamel.gateway.reply.ReplyOutbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The governance beans the gateway routes refer to by name (docs/governance.md explains the model). */
@Configuration(proxyBeanMethods = false)
public class GovernanceConfiguration {

    @Bean(destroyMethod = "close")
    ProducerTemplate webexProducerTemplate(CamelContext camelContext) {
        return camelContext.createProducerTemplate();
    }

    @Bean
    WebexCalls webexCalls(ProducerTemplate webexProducerTemplate) {
        return new WebexCalls(webexProducerTemplate);
    }

    @Bean
    Roles webexRoles(GatewayProperties properties, WebexCalls webex) {
        return new Roles(properties.access().roles(),
                new Memberships(webex::isMember, properties.access().membershipCacheTtl()));
    }

    /** Replies Webex did not take within the write budget, posted later (errors.camel.yaml, maintenance.camel.yaml). */
    @Bean("webexOutbox")
    ReplyOutbox webexOutbox(JdbcTemplate webexStateJdbc, ProducerTemplate webexProducerTemplate, ObjectMapper mapper,
                            @Value("${webex.outbox.max-age:24h}") Duration maxAge, Leadership leadership,
                            GatewayProperties properties) {
        ReplyOutbox outbox = new ReplyOutbox(webexStateJdbc, webexProducerTemplate, mapper, maxAge,
                "jdbc".equals(properties.state().store()));
        // a new leader's first replies wait behind what the replica that led before kept
        leadership.onLeading(outbox::refresh);
        return outbox;
    }

    @Bean
    AuditLog webexAudit(JdbcTemplate webexStateJdbc, GatewayProperties properties) {
        // PostgreSQL: a row per record, for operators' own SQL; the embedded store: a row per batch
        return new AuditLog(webexStateJdbc, "jdbc".equals(properties.state().store()));
    }

    @Bean("webexApprovals")
    Approvals webexApprovals(JdbcTemplate webexStateJdbc, Roles roles, AuditLog audit, CardTemplates cards, WebexCalls webex,
                             CommandRegistry registry, ObjectMapper mapper, GatewayProperties properties) {
        return new Approvals(new ApprovalStore(webexStateJdbc), roles, audit, cards, webex, registry, mapper,
                properties.approvals());
    }

    @Bean("webexGovernance")
    Governance webexGovernance(CommandRegistry registry, GatewayProperties properties, Roles roles, AuditLog audit,
                               Approvals approvals) {
        return new Governance(registry, properties, roles, new RateLimits(), audit, approvals);
    }

    /** {@link Governance#admit} as the processor the dispatch route runs per command (see webexResolveCommand). */
    @Bean("webexAdmit")
    Processor webexAdmit(Governance webexGovernance) {
        return webexGovernance::admit;
    }

    @Bean
    SpaceRegistry webexSpaceRegistry(JdbcTemplate webexStateJdbc, Leadership leadership) {
        SpaceRegistry registry = new SpaceRegistry(webexStateJdbc);
        // what the replica that led before authorized or deauthorized counts at once here, not after the cache's minute
        leadership.onLeading(registry::forgetAll);
        return registry;
    }

    @Bean("webexSpaces")
    Spaces webexSpaces(SpaceRegistry registry, CommandRegistry commands, GatewayProperties properties) {
        return new Spaces(registry, commands, properties.access().spaceAuthorization(), properties.approvals().roomId());
    }

    @Bean("webexCheckSpace")
    Processor webexCheckSpace(Spaces webexSpaces) {
        return webexSpaces::check;
    }
}
