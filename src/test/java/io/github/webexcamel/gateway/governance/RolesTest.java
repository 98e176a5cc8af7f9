package io.github.webexcamel.gateway.governance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.webexcamel.gateway.config.GatewayProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;

import static org.assertj.core.api.Assertions.assertThat;

/** Roles from e-mails, domains and room memberships; and the environment variable names operators script against. */
class RolesTest {

    @Test
    void aRoleIsHeldByEmailByDomainOrByMembershipOfARoom() {
        List<String> asked = new ArrayList<>();
        Memberships memberships = new Memberships((room, email) -> {
            asked.add(room + " " + email);
            return "ROOM-SRE".equals(room) && "carol@corp.example".equals(email);
        }, Duration.ofSeconds(30));
        Roles roles = new Roles(Map.of("SRE", " ann@example.com, @ops.example ,ROOM-SRE"), memberships);
        assertThat(roles.has("sre", "Ann@Example.com")).isTrue();
        assertThat(roles.has("sre", "bob@ops.example")).isTrue();
        assertThat(roles.has("sre", "carol@corp.example")).isTrue();
        assertThat(roles.has("sre", "eve@notops.example")).isFalse();
        assertThat(roles.has("release", "ann@example.com")).isFalse();
        assertThat(roles.missing(List.of("release", "sre"), "bob@ops.example")).isNull();
        assertThat(roles.missing(List.of("release"), "bob@ops.example")).isEqualTo("release");
        assertThat(roles.missing(List.of(), "anyone@x")).isNull();
        // the membership answer is reused within its time to live
        roles.has("sre", "carol@corp.example");
        assertThat(asked).filteredOn(a -> a.endsWith("carol@corp.example")).hasSize(1);
    }

    @Test
    void aMembershipThatCannotBeCheckedGrantsNothingAndIsAskedAgain() {
        int[] calls = { 0 };
        Memberships memberships = new Memberships((room, email) -> {
            calls[0]++;
            throw new IllegalStateException("Webex down");
        }, Duration.ofMinutes(10));
        assertThat(memberships.isMember("ROOM", "a@b.c")).isFalse();
        assertThat(memberships.isMember("ROOM", "a@b.c")).isFalse();
        assertThat(calls[0]).isEqualTo(2);
    }

    @Test
    void aMembershipIsNeverCachedLongerThanAMinute() throws Exception {
        Memberships memberships = new Memberships((room, email) -> true, Duration.ofHours(1));
        java.lang.reflect.Field ttl = Memberships.class.getDeclaredField("ttlNanos");
        ttl.setAccessible(true);
        assertThat((long) ttl.get(memberships)).isEqualTo(Duration.ofSeconds(60).toNanos());
    }

    @Test
    void environmentVariablesNameRolesAndPerCommandRules() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "WEBEX_ACCESS_ROLES_SRE", "ann@example.com,@ops.example",
                "WEBEX_COMMANDS_BUILD_ROLES", "release",
                "WEBEX_COMMANDS_BUILD_APPROVERS", "sre",
                "WEBEX_COMMANDS_GH_RUN_ROLES", "release")));
        ConfigurationPropertySources.attach(environment);
        GatewayProperties properties = Binder.get(environment).bindOrCreate("webex", GatewayProperties.class);
        assertThat(properties.access().roles()).containsEntry("sre", "ann@example.com,@ops.example");
        assertThat(properties.commands()).containsEntry("build.roles", "release").containsEntry("build.approvers", "sre")
                .containsEntry("gh.run.roles", "release");
        CommandPolicy run = CommandPolicy.resolve(properties.commands(), "gh", "run", null);
        assertThat(run.roles()).containsExactly("release");
        assertThat(CommandPolicy.resolve(properties.commands(), "gh", "issues", null).roles()).isEmpty();
    }
}
