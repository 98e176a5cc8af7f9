package io.github.webexcamel.gateway.webex;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebexIdsTest {

    private static final String UUID = "9a5e3b10-0a5b-11f0-8a4c-2d1f8e6b7c00";

    @Test
    void messageIdsAreUnpaddedBase64OfTheCiscosparkUri() {
        String id = WebexIds.encode("us", "MESSAGE", UUID);
        assertThat(id).doesNotContain("=");
        assertThat(WebexIds.decode(id)).contains("ciscospark://us/MESSAGE/" + UUID);
        assertThat(WebexIds.uuidOf(id)).isEqualTo(UUID);
    }

    @Test
    void decodingIsLenientAboutPaddingAndAlphabet() {
        String padded = java.util.Base64.getEncoder().encodeToString(("ciscospark://us/PEOPLE/" + UUID).getBytes());
        assertThat(padded).endsWith("=");
        assertThat(WebexIds.uuidOf(padded)).isEqualTo(UUID);
        assertThat(WebexIds.uuidOf(UUID)).as("a raw uuid stays itself").isEqualTo(UUID);
        assertThat(WebexIds.decode("not base64 !")).isEmpty();
    }

    @Test
    void clusterFollowsTheCatalog() {
        assertThat(WebexIds.clusterFromCatalogId("urn:TEAM:us-east-2_a:conv")).isEqualTo("us");
        assertThat(WebexIds.clusterFromCatalogId("urn:TEAM:eu-central-1_k:conv")).isEqualTo("urn:TEAM:eu-central-1_k");
        assertThat(WebexIds.clusterFromCatalogId(null)).isEqualTo("us");
    }
}
