package io.github.webexcamel.gateway.webex;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageSplitterTest {

    @Test
    void shortTextIsOnePart() {
        assertThat(MessageSplitter.split("hello", 7439)).containsExactly("hello");
    }

    @Test
    void longTextIsCutOnLineBoundariesWithinTheByteLimit() {
        String line = "äöü line of text\n";
        String text = line.repeat(1000);
        List<String> parts = MessageSplitter.split(text, 7439);
        assertThat(parts).hasSizeGreaterThan(1);
        assertThat(String.join("", parts)).isEqualTo(text);
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(7439);
            assertThat(p).endsWith("\n");
        });
    }

    @Test
    void aSingleHugeLineIsCutOnCharacterBoundaries() {
        String text = "😀".repeat(5000);
        List<String> parts = MessageSplitter.split(text, 7439);
        assertThat(String.join("", parts)).isEqualTo(text);
        assertThat(parts).allSatisfy(p -> assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(7439));
    }

    @Test
    void aCutKeepsWholeLinesThenWhatFitsOfTheNextOne() {
        String text = "Intro.\n\n" + "😀 word ".repeat(10_000);
        String cut = MessageSplitter.cut(text, 30_000);
        assertThat(text).startsWith(cut);
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(30_000).isGreaterThan(29_990);
        assertThat(MessageSplitter.cut("short", 30_000)).isEqualTo("short");
    }
}
