package io.github.webexcamel.gateway.skill;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** What the Assistant says of a reply: markdown read as plain words, and an answer for any reply a model writes. */
class SpokenTextTest {

    @Test
    void markdownBecomesPlainWords() {
        assertThat(SpokenText.plain("## Build **#12** of [deploy-api](https://ci/job/12) is _green_"))
                .isEqualTo("Build #12 of deploy-api is green");
        assertThat(SpokenText.speech(List.of("- one\n- two", "done"))).isEqualTo("one. two done");
    }

    /**
     * Shapes that made the link pattern backtrack, at four times the size of a model's longest answer: read in linear
     * time they take milliseconds, in quadratic time tens of seconds, so the bound below is generous, not tight.
     */
    @Test
    void aModelsLongestAnswerIsReadAtOnce() {
        List<String> hostile = List.of("[".repeat(120_000), "[a](".repeat(30_000), "[a](x".repeat(24_000),
                "[" + "]".repeat(120_000));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> hostile.forEach(h -> assertThat(SpokenText.plain(h)).isNotNull()));
    }
}
