package io.github.webexcamel.gateway.feedback;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.governance.WebexCalls;
import io.github.webexcamel.gateway.reply.CardTemplates;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The beans {@code routes/gateway/feedback.camel.yaml} refers to by name. */
@Configuration(proxyBeanMethods = false)
public class FeedbackConfiguration {

    @Bean("webexFeedback")
    Feedback webexFeedback(JdbcTemplate webexStateJdbc, CardTemplates cards, WebexCalls webex) {
        return new Feedback(webexStateJdbc, cards, webex);
    }

    @Bean("langfuseScores")
    LangfuseScores langfuseScores(@Value("${langfuse.host:}") String host, @Value("${langfuse.public-key:}") String publicKey,
                                  @Value("${langfuse.secret-key:}") String secretKey, ObjectMapper mapper) {
        return new LangfuseScores(host, publicKey, secretKey, mapper);
    }
}
