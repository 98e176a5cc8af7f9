package io.github.webexcamel.gateway.jenkins;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The beans {@code routes/commands/build.camel.yaml} and the watch route refer to by name. */
@Configuration(proxyBeanMethods = false)
public class JenkinsConfiguration {

    @Bean("jenkinsWatches")
    JenkinsWatches jenkinsWatches(JdbcTemplate webexStateJdbc, ObjectMapper mapper,
                                  @Value("${jenkins.watch.max-builds:100}") int max,
                                  @Value("${jenkins.watch.max-duration:12h}") Duration maxDuration,
                                  @Value("${jenkins.user:}") String user, @Value("${jenkins.api-token:}") String token) {
        return new JenkinsWatches(webexStateJdbc, mapper, max, maxDuration, user, token);
    }

    @Bean("jenkinsBuilds")
    JenkinsBuilds jenkinsBuilds(JenkinsWatches watches, @Value("${jenkins.url:}") String url) {
        return new JenkinsBuilds(watches, url);
    }
}
