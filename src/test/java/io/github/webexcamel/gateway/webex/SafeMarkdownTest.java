package io.github.webexcamel.gateway.webex;

import java.util.Set;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reaches Webex markdown from users, backends and models: arbitrary strings, weighted towards mention markup,
 * HTML and backticks, never come out with a live mention; only mentions a route allows stay live.
 */
class SafeMarkdownTest {

    /** The mention syntax as Webex (and the sandbox) reads it from markdown. */
    private static final Pattern LIVE_MENTION = Pattern.compile("<@(personEmail|personId):([^|>]+)(?:\\|([^>]*))?>|<@all>");

    @Property(tries = 5000)
    void noStringComesOutWithALiveMention(@ForAll("hostile") String text) {
        String safe = SafeMarkdown.neutralize(text, Set.of());
        assertThat(LIVE_MENTION.matcher(safe).find()).as("live mention in %s", safe).isFalse();
        assertThat(safe).doesNotContain("<@");
    }

    /** Whatever a markdown parser takes for code (escaped backticks, blank lines and block quotes end a span). */
    @Property(tries = 5000)
    void noTagSurvivesInOrOutOfCode(@ForAll("hostile") String text) {
        String safe = SafeMarkdown.neutralize(text, Set.of());
        assertThat(Pattern.compile("<[A-Za-z/!?@]").matcher(safe).find()).as("tag in %s", safe).isFalse();
    }

    @Test
    void backticksThatOpenNoCodeSpanForWebexDoNotShieldHtml() {
        for (String text : new String[] { "\\`<b>bold</b>\\`", "`\n\n<img src=x onerror=alert(1)>\n\n`",
                "`a\n> <b>quoted</b>`" }) {
            String safe = SafeMarkdown.neutralize(text, Set.of());
            assertThat(safe).as(text).doesNotContainPattern("<[a-z/]");
            assertThat(safe.replace("\u2060", "")).as("reads the same").isEqualTo(text);
        }
    }

    @Property(tries = 3000)
    void aCodeSpanHoldsAnyTextWithoutBeingClosedEarly(@ForAll("hostile") String text) {
        String span = SafeMarkdown.code(text);
        int fence = 0;
        while (span.charAt(fence) == '`') {
            fence++;
        }
        String inside = span.substring(fence, span.length() - fence);
        assertThat(inside).doesNotContain("`".repeat(fence));
        assertThat(inside.strip()).isEqualTo(text.replace('\n', ' ').strip());
        // and inside a code span a mention is still no mention
        assertThat(SafeMarkdown.neutralize("see " + span, Set.of())).doesNotContain("<@");
    }

    @Test
    void plainMarkdownIsLeftAlone() {
        String markdown = "**Queued** `team/deploy` — see [#12](https://ci/job/12) > 3 < 4";
        assertThat(SafeMarkdown.neutralize(markdown, Set.of())).isEqualTo(markdown);
    }

    @Test
    void onlyTheAllowedMentionsStayLive() {
        String out = SafeMarkdown.neutralize("<@all> <@personEmail:Ann@Example.com|Ann> <@personEmail:eve@x.com>",
                Set.of("ann@example.com"));
        assertThat(out).isEqualTo("&lt;@all> <@personEmail:Ann@Example.com|Ann> &lt;@personEmail:eve@x.com>");
    }

    @Test
    void anAllowedMentionCannotCarryAnotherInItsNameNorASpacedOneGetThrough() {
        String out = SafeMarkdown.neutralize("<@personEmail:boss@x.com|x <@all>", Set.of("boss@x.com"));
        assertThat(out).doesNotContain("<@");
        assertThat(SafeMarkdown.neutralize("hi < @all> and <\t@all>", Set.of())).doesNotContain("< @").doesNotContain("<\t@");
        assertThat(SafeMarkdown.neutralize("3 < 4", Set.of())).isEqualTo("3 < 4");
    }

    @Test
    void onlyWebAndMailLinksStayLinks() {
        assertThat(SafeMarkdown.neutralize("[run](javascript:alert(1)) and [x]( JavaScript:y)", Set.of()))
                .isEqualTo("[run]\\(javascript:alert(1)) and [x]\\( JavaScript:y)");
        // what a markdown parser skips or decodes in a destination before it reads the scheme
        for (String hidden : new String[] { "[x](\njavascript:y)", "[x](java&#115;cript:y)", "[x](javascript\\:y)",
                "[x](<javascript:y>)", "[x](\tfile:///etc/passwd)" }) {
            assertThat(SafeMarkdown.neutralize(hidden, Set.of())).as(hidden).startsWith("[x]\\(");
        }
        String fine = "[build](https://ci/job/1) [mail](mailto:a@b.c) [rel](docs/x.md) [top](#top) [q](?a=b)";
        assertThat(SafeMarkdown.neutralize(fine, Set.of())).isEqualTo(fine);
    }

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("<@all>", "<@personEmail:boss@example.com|Boss>", "<@personId:Y2lz>", "<b>", "</b>",
                        "<script>", "<!-- x -->", "`", "``", "```", "\n```\n", "<", "@", ">", "|", "all", "\\", "&lt;"),
                Arbitraries.strings().ofMaxLength(6),
                Arbitraries.strings().withChars("<@>`|:al ").ofMaxLength(8));
        return pieces.list().ofMaxSize(12).map(list -> String.join("", list));
    }
}
