package io.github.webexcamel.gateway.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.webexcamel.gateway.chat.ChatSettings;
import io.github.webexcamel.gateway.governance.WebexCalls;
import io.github.webexcamel.gateway.webex.WebexComponent;
import io.github.webexcamel.kamelets.CircuitGuard;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The beans {@code routes/commands/ask.camel.yaml} refers to by name (the model is called by the llm-chat-action kamelet). */
@Configuration(proxyBeanMethods = false)
public class LlmConfiguration {

    @Bean("llmMemory")
    LlmMemory llmMemory(@Value("${llm.memory.max-turns:6}") int maxTurns,
                        @Value("${llm.memory.max-chars:6000}") int maxChars, JdbcTemplate webexStateJdbc,
                        ObjectMapper mapper) {
        return new LlmMemory(maxTurns, maxChars, webexStateJdbc, mapper);
    }

    @Bean("llmThreadContext")
    ThreadContext llmThreadContext(WebexComponent webex,
                                   @Value("${llm.thread-context.enabled:true}") boolean enabled,
                                   @Value("${llm.thread-context.max-messages:10}") int maxMessages,
                                   @Value("${llm.thread-context.max-chars:4000}") int maxChars) {
        return new ThreadContext(webex, enabled, maxMessages, maxChars);
    }

    @Bean("llmChat")
    LlmChat llmChat(ChatSettings settings, LlmMemory memory, WebexCalls webex,
                    @Value("${llm.max-edits:8}") int maxEdits, @Value("${llm.max-tokens:1024}") int maxTokens,
                    @Value("${llm.max-answer-bytes:30000}") int maxAnswerBytes,
                    @Qualifier("llmCircuitBreaker") CircuitBreaker circuitBreaker) {
        return new LlmChat(settings, memory, webex, Math.min(maxEdits, 8), maxTokens, maxAnswerBytes)
                .circuitGuard(new CircuitGuard("The LLM", circuitBreaker));
    }
}
