package io.github.webexcamel.gateway.reply;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CardTemplatesTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void valuesAreFilledIntoTheTreeSoJsonInInputCannotBreakTheCard(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("issue.json"), """
                {"type":"AdaptiveCard","version":"1.3","body":[
                  {"type":"TextBlock","text":"${key}: ${summary}"},
                  {"type":"FactSet","facts":[{"$data":"${fields}","title":"${name}","value":"${value}"}]},
                  {"type":"TextBlock","text":"only when urgent","$when":"${urgent}"}
                ]}""");
        CardTemplates templates = new CardTemplates(mapper, dir);
        JsonNode card = templates.render("issue", Map.of("key", "OPS-1", "summary", "\"},{\"type\":\"evil\"",
                "fields", List.of(Map.of("name", "Status", "value", "Open"), Map.of("name", "Owner", "value", "Ann")),
                "urgent", false));
        assertThat(card.path("body")).hasSize(2);
        assertThat(card.path("body").path(0).path("text").asText()).isEqualTo("OPS-1: \"},{\"type\":\"evil\"");
        assertThat(card.path("body").path(1).path("facts").findValuesAsText("title")).containsExactly("Status", "Owner");
        assertThat(templates.validate(card)).isEmpty();
    }

    @Test
    void aWholeValueExpressionKeepsItsType(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("n.json"), """
                {"type":"AdaptiveCard","version":"1.3","body":[{"type":"Input.Number","id":"t","value":"${t}"}]}""");
        JsonNode card = new CardTemplates(mapper, dir).render("n", Map.of("t", 0.5));
        assertThat(card.path("body").path(0).path("value").isNumber()).isTrue();
    }

    @Test
    void templatesBeyondWhatWebexRendersFailAtLoadTime(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("table.json"), """
                {"type":"AdaptiveCard","version":"1.5","body":[{"type":"Table","columns":[]}],
                 "actions":[{"type":"Action.Execute","title":"x"}]}""");
        assertThatThrownBy(() -> new CardTemplates(mapper, dir)).hasMessageContaining("table.json")
                .hasMessageContaining("Adaptive Card 1.3");
    }

    @Test
    void aTemplateOverTheSizeLimitFailsAtLoadTimeAndAFilledCardOverItAtRenderTime(@TempDir Path dir) throws IOException {
        String big = "x".repeat(600);
        Files.writeString(dir.resolve("big.json"), """
                {"type":"AdaptiveCard","version":"1.3","body":[{"type":"TextBlock","text":"%s"}]}""".formatted(big));
        assertThatThrownBy(() -> new CardTemplates(mapper, dir, 500)).hasMessageContaining("big.json")
                .hasMessageContaining("500-byte limit");

        Files.writeString(dir.resolve("big.json"), """
                {"type":"AdaptiveCard","version":"1.3","body":[{"type":"TextBlock","text":"${t}"}]}""");
        CardTemplates templates = new CardTemplates(mapper, dir, 500);
        assertThat(templates.render("big", Map.of("t", "short")).path("body").path(0).path("text").asText()).isEqualTo("short");
        assertThatThrownBy(() -> templates.render("big", Map.of("t", big))).hasMessageContaining("over the 500-byte limit");
    }

    @Test
    void shippedTemplatesAreValid() throws IOException {
        CardTemplates templates = new CardTemplates(mapper, Path.of("routes/cards"));
        assertThat(templates.names()).contains("help", "chat-settings");
    }

    /** A caller's list repeated into the card is stopped at the limit, not built whole and measured afterwards. */
    @Test
    void aRepeatedBlockStopsAtTheSizeLimitWhileItIsFilledIn() throws Exception {
        CardTemplates cards = new CardTemplates(mapper, java.nio.file.Path.of("routes/cards"));
        java.util.List<Object> alerts = new java.util.ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            alerts.add(Map.of("labels", Map.of("alertname", "disk " + i), "status", "firing"));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cards.render("alertmanager", Map.of("alerts", alerts)))
                .isInstanceOf(io.github.webexcamel.gateway.command.CommandException.class)
                .hasMessageContaining("too large for one Webex card");
        JsonNode few = cards.render("alertmanager", Map.of("alerts", alerts.subList(0, 3)));
        org.assertj.core.api.Assertions.assertThat(few.findValuesAsText("type")).filteredOn("Container"::equals).hasSize(3);
    }

    /** A link filled in from outside opens a web page or is left out: no javascript:, file: or custom schemes. */
    @Test
    void onlyWebLinksBecomeButtons() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cards");
        java.nio.file.Files.writeString(dir.resolve("links.json"), """
                {"type": "AdaptiveCard", "version": "1.3",
                 "body": [{"type": "TextBlock", "text": "x", "selectAction": {"type": "Action.OpenUrl", "url": "${a}"}}],
                 "actions": [{"type": "Action.OpenUrl", "title": "A", "url": "${a}"},
                             {"type": "Action.OpenUrl", "title": "B", "url": "${b}"}]}
                """);
        JsonNode card = new CardTemplates(mapper, dir).render("links",
                Map.of("a", "javascript:alert(1)", "b", "https://ci.example.com/job/1"));
        org.assertj.core.api.Assertions.assertThat(card.path("actions").findValuesAsText("url"))
                .containsExactly("https://ci.example.com/job/1");
        org.assertj.core.api.Assertions.assertThat(card.path("body").path(0).has("selectAction")).isFalse();
    }
}
