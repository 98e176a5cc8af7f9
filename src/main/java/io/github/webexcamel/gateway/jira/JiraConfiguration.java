package io.github.webexcamel.gateway.jira;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The beans {@code routes/kamelets/jira-action.kamelet.yaml} refers to by name. */
@Configuration(proxyBeanMethods = false)
public class JiraConfiguration {

    @Bean("jiraRequests")
    JiraRequests jiraRequests(ObjectMapper mapper) {
        return new JiraRequests(mapper);
    }

    @Bean("jiraResults")
    JiraResults jiraResults(ObjectMapper mapper) {
        return new JiraResults(mapper);
    }
}
