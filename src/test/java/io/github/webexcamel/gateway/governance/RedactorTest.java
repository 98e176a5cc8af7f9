package io.github.webexcamel.gateway.governance;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** What the audit log keeps of a command's arguments: no secret it can recognise, and an answer for any input. */
class RedactorTest {

    @Test
    void secretsAreMaskedAndTheRestIsKept() {
        assertThat(Redactor.redact("deploy-api password=hunter2 ENV=prod", 500)).isEqualTo("deploy-api password=*** ENV=prod");
        assertThat(Redactor.redact("job DB_PASSWORD: 'a b c' region=eu", 500)).isEqualTo("job DB_PASSWORD:*** region=eu");
        assertThat(Redactor.redact("Authorization: Bearer abcdefghijkl0123", 500)).doesNotContain("abcdefghijkl0123");
        assertThat(Redactor.redact("x=token=abcdef0123456789", 500)).isEqualTo("x=token=***");
        assertThat(Redactor.redact("use ghp_" + "a".repeat(36) + " now", 500)).isEqualTo("use *** now");
        assertThat(Redactor.redact("clone https://bob:s3cret@git.example.com/x", 500)).isEqualTo("clone https://***@git.example.com/x");
        assertThat(Redactor.redact("acme/app deploy.yml main", 500)).isEqualTo("acme/app deploy.yml main");
    }

    @Test
    void aSecretPastTheCutIsNotKeptAndTheResultIsBounded() {
        String args = "x ".repeat(300) + "token=abcdef0123456789" + " y".repeat(3000);
        String redacted = Redactor.redact(args, 500);
        assertThat(redacted).hasSizeLessThanOrEqualTo(501).doesNotContain("abcdef0123456789");
    }

    /** Hostile shapes that made the patterns backtrack: a chat message of Webex's maximum size, answered at once. */
    @Test
    void anyArgumentOfAChatMessagesSizeIsAnsweredAtOnce() {
        List<String> hostile = List.of("token-".repeat(1240), "a".repeat(7400), "ghp_" + "a".repeat(7400),
                "http://" + "a:".repeat(3700), "=".repeat(7400), "eyJ" + "a".repeat(3700) + "." + "b".repeat(3600),
                "password".repeat(925), "a=".repeat(3700), "bearer ".repeat(1050), "x".repeat(7000) + "_ABCD_");
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> hostile.forEach(h -> {
            for (int i = 0; i < 20; i++) {
                assertThat(Redactor.redact(h, 500)).hasSizeLessThanOrEqualTo(501);
            }
        }));
    }
}
