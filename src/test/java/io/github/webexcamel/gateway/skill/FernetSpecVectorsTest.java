package io.github.webexcamel.gateway.skill;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Fernet implementation against the test vectors of the Fernet spec (github.com/fernet/spec: generate.json,
 * verify.json and invalid.json of version 0x80, copied to src/test/resources/fernet).
 */
class FernetSpecVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode vectors(String name) throws IOException {
        try (InputStream in = FernetSpecVectorsTest.class.getResourceAsStream("/fernet/" + name)) {
            return JSON.readTree(in);
        }
    }

    @Test
    void generatesTheSpecsTokenFromItsKeyIvAndTime() throws IOException {
        for (JsonNode v : vectors("generate.json")) {
            byte[] iv = new byte[16];
            for (int i = 0; i < 16; i++) {
                iv[i] = (byte) v.path("iv").get(i).asInt();
            }
            String token = new Fernet(v.path("secret").asText()).encrypt(v.path("src").asText().getBytes(StandardCharsets.UTF_8),
                    iv, OffsetDateTime.parse(v.path("now").asText()).toInstant());
            assertThat(token).isEqualTo(v.path("token").asText());
        }
    }

    @Test
    void verifiesTheSpecsTokenWithinItsTtl() throws IOException {
        for (JsonNode v : vectors("verify.json")) {
            String plain = new Fernet(v.path("secret").asText()).decryptToString(v.path("token").asText(),
                    Duration.ofSeconds(v.path("ttl_sec").asLong()), OffsetDateTime.parse(v.path("now").asText()).toInstant());
            assertThat(plain).isEqualTo(v.path("src").asText());
        }
    }

    @TestFactory
    List<DynamicTest> refusesEveryInvalidTokenOfTheSpec() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : vectors("invalid.json")) {
            tests.add(DynamicTest.dynamicTest(v.path("desc").asText(), () -> assertThatThrownBy(() ->
                    new Fernet(v.path("secret").asText()).decrypt(v.path("token").asText(),
                            Duration.ofSeconds(v.path("ttl_sec").asLong()), OffsetDateTime.parse(v.path("now").asText()).toInstant()))
                    .isInstanceOf(Fernet.InvalidToken.class)));
        }
        return tests;
    }

    @Test
    void aTokenRoundTripsWithAGeneratedKey() {
        Fernet fernet = new Fernet(Fernet.generateKey());
        String token = fernet.encrypt("{\"text\":\"hé\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(fernet.decryptToString(token, null, Instant.now())).isEqualTo("{\"text\":\"hé\"}");
        assertThatThrownBy(() -> new Fernet(Fernet.generateKey()).decrypt(token, null, Instant.now()))
                .isInstanceOf(Fernet.InvalidToken.class);
    }
}
