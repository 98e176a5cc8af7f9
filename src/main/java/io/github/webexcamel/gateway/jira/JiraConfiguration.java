package io.github.webexcamel.gateway.jira;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The bean {@code routes/commands/jira.camel.yaml} words the jira-action kamelet's answers with. */
@Configuration(proxyBeanMethods = false)
public class JiraConfiguration {

    @Bean("jiraResults")
    JiraResults jiraResults(ObjectMapper mapper) {
        return new JiraResults(mapper);
    }
}
