package io.github.webexcamel.gateway.skill;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.access.AccessPolicy;
import io.github.webexcamel.gateway.config.StartupProblem;
import io.github.webexcamel.gateway.governance.WebexCalls;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The Webex Assistant Skills endpoint: on when both the secret and the private key are set
 * ({@code webex.skill.enabled}, derived here, starts {@code routes/gateway/skill.camel.yaml}); one without the other
 * stops start-up.
 */
@Configuration(proxyBeanMethods = false)
public class SkillConfiguration {

    public SkillConfiguration(ConfigurableEnvironment environment) {
        boolean secret = !environment.getProperty("webex.skill.secret", "").isBlank();
        boolean key = !environment.getProperty("webex.skill.private-key", "").isBlank();
        if (secret != key) {
            throw new StartupProblem("The Webex Assistant skill needs both WEBEX_SKILL_SECRET and WEBEX_SKILL_PRIVATE_KEY"
                    + " (only " + (secret ? "the secret" : "the private key") + " is set)");
        }
        environment.getPropertySources().addLast(new MapPropertySource("webexSkillDerived",
                Map.of("webex.skill.enabled", Boolean.toString(secret && key))));
    }

    @Bean("webexSkill")
    AssistantSkill webexSkill(@Value("${webex.skill.secret:}") String secret,
                              @Value("${webex.skill.private-key:}") String privateKey,
                              @Value("${webex.skill.max-age:5m}") Duration maxAge,
                              @Value("${webex.skill.timeout:8s}") Duration timeout,
                              @Value("${webex.skill.intro:}") String intro,
                              @Value("${webex.command-prefix:/}") String prefix,
                              ObjectMapper mapper, WebexCalls webex, AccessPolicy webexAccessPolicy,
                              ProducerTemplate producer, CamelContext camel,
                              @Qualifier("webexEventIds") IdempotentRepository webexEventIds) {
        SkillCrypto crypto = secret.isBlank() ? null
                : new SkillCrypto(secret.strip(), SkillCrypto.readPrivateKey(Path.of(privateKey.strip())), maxAge);
        String introText = intro.isBlank() ? "I run the gateway's commands. Say help to hear them, or a command such as"
                + " build deploy-api." : intro.strip();
        return new AssistantSkill(crypto, mapper, webex, webexAccessPolicy, producer, camel, timeout, prefix, introText,
                webexEventIds);
    }
}
