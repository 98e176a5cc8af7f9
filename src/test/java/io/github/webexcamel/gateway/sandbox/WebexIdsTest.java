package io.github.webexcamel.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebexIdsTest {

    private static final String UUID = "9f3b2c1a-1111-4222-8333-444455556666";

    @Test
    void messageIdIsUnpaddedUrlSafeBase64OfTheCiscosparkUri() {
        String id = WebexIds.encode("us", WebexIds.MESSAGE, UUID);
        String uri = "ciscospark://us/MESSAGE/" + UUID;
        assertThat(uri.getBytes(StandardCharsets.UTF_8)).hasSize(60);
        assertThat(id).isEqualTo(Base64.getEncoder().encodeToString(uri.getBytes(StandardCharsets.UTF_8)));
        assertThat(id).doesNotContain("=").startsWith("Y2lzY29zcGFyazovL3VzL01FU1NBR0Uv");
    }

    @Test
    void paddingIsDroppedWhereStandardBase64WouldPad() {
        String people = WebexIds.encode("us", WebexIds.PEOPLE, UUID);
        String action = WebexIds.encode("us", WebexIds.ATTACHMENT_ACTION, UUID);
        byte[] peopleUri = ("ciscospark://us/PEOPLE/" + UUID).getBytes(StandardCharsets.UTF_8);
        byte[] actionUri = ("ciscospark://us/ATTACHMENT_ACTION/" + UUID).getBytes(StandardCharsets.UTF_8);
        assertThat(peopleUri).hasSize(59);
        assertThat(actionUri).hasSize(70);
        assertThat(Base64.getEncoder().encodeToString(peopleUri)).endsWith("=").doesNotEndWith("==");
        assertThat(Base64.getEncoder().encodeToString(actionUri)).endsWith("==");
        assertThat(people).doesNotContain("=");
        assertThat(action).doesNotContain("=");
    }

    @Test
    void peopleAndOrganizationAlwaysUseClusterUs() {
        String people = WebexIds.encode("urn:TEAM:eu-central-1_k", WebexIds.PEOPLE, UUID);
        String room = WebexIds.encode("urn:TEAM:eu-central-1_k", WebexIds.ROOM, UUID);
        assertThat(WebexIds.decode(people).cluster()).isEqualTo("us");
        assertThat(WebexIds.decode(room).cluster()).isEqualTo("urn:TEAM:eu-central-1_k");
        assertThat(WebexIds.decode(room).local()).isEqualTo(UUID);
    }

    @Test
    void decodingIsLenientAboutPaddingAndAlphabet() {
        String padded = Base64.getEncoder().encodeToString(
                ("ciscospark://us/PEOPLE/" + UUID).getBytes(StandardCharsets.UTF_8));
        assertThat(padded).endsWith("=");
        assertThat(WebexIds.uuidOf(padded, WebexIds.PEOPLE)).isEqualTo(UUID);
        assertThat(WebexIds.uuidOf(padded.replace("=", ""), WebexIds.PEOPLE)).isEqualTo(UUID);
        // A content id ("<uuid>/0") can produce '/' or '+' in the standard alphabet.
        String content = Base64.getEncoder().encodeToString(
                ("ciscospark://us/CONTENT/" + UUID + "/0").getBytes(StandardCharsets.UTF_8));
        String urlSafe = content.replace('+', '-').replace('/', '_').replace("=", "");
        assertThat(WebexIds.decode(content).local()).isEqualTo(UUID + "/0");
        assertThat(WebexIds.decode(urlSafe).local()).isEqualTo(UUID + "/0");
    }

    @Test
    void rawUuidsAndGarbageAreNotPublicIds() {
        assertThat(WebexIds.decode(UUID)).isNull();
        assertThat(WebexIds.decode("not base64 !!")).isNull();
        assertThat(WebexIds.decode(Base64.getEncoder().encodeToString("http://x/y/z".getBytes()))).isNull();
        assertThat(WebexIds.uuidOf(WebexIds.encode("us", WebexIds.ROOM, UUID), WebexIds.MESSAGE)).isNull();
        assertThat(WebexIds.uuidOfRawOrPublic(UUID.toUpperCase(), WebexIds.MESSAGE)).isEqualTo(UUID);
        assertThat(WebexIds.uuidOfRawOrPublic(WebexIds.encode("us", WebexIds.MESSAGE, UUID), WebexIds.MESSAGE))
                .isEqualTo(UUID);
    }

    @Test
    void randomUuidsAreVersion4() {
        java.util.UUID u = java.util.UUID.fromString(WebexIds.randomUuid());
        assertThat(u.version()).isEqualTo(4);
        assertThat(u.variant()).isEqualTo(2);
    }
}
