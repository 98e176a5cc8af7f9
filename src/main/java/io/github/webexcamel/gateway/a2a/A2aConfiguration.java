package io.github.webexcamel.gateway.a2a;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.governance.WebexCalls;
import io.github.webexcamel.gateway.llm.ThreadContext;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The beans {@code routes/commands/agent.camel.yaml} refers to by name (the agent is talked to by the a2a-agent-action
 * kamelet, whose circuit breaker is a2aCircuitBreaker, published to it by the resilience configuration).
 */
@Configuration(proxyBeanMethods = false)
public class A2aConfiguration {

    @Bean("a2aConversations")
    AgentConversations a2aConversations(JdbcTemplate webexStateJdbc,
                                        @Value("${a2a.conversation-ttl:30d}") Duration ttl) {
        return new AgentConversations(webexStateJdbc, ttl);
    }

    @Bean(name = "a2aAgent", destroyMethod = "shutdown")
    AgentRuns a2aAgent(ObjectMapper mapper, WebexCalls webex, CamelContext camel, AgentConversations conversations,
                       @Qualifier("llmThreadContext") ThreadContext threadContext,
                       @Value("${a2a.edit-interval:3s}") Duration editInterval,
                       @Value("${a2a.max-edits:8}") int maxEdits,
                       @Value("${a2a.max-concurrent:8}") int maxConcurrent,
                       @Value("${a2a.max-answer-bytes:30000}") int maxAnswerBytes) {
        return new AgentRuns(mapper, webex, camel.createProducerTemplate(), conversations, threadContext, editInterval,
                maxEdits, maxConcurrent, maxAnswerBytes);
    }
}
