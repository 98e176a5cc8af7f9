package io.github.webexcamel.gateway.command;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Anything a user can type: the parser answers (a command or null), never throws, and keeps what was typed. */
class CommandLineFuzzTest {

    @Property(tries = 3000)
    void anyLineParsesOrIsNotACommand(@ForAll("chatLines") String text) {
        CommandLine line = CommandLine.parse(text, "/");
        if (line == null) {
            return;
        }
        assertThat(line.keyword()).isNotEmpty().doesNotContainAnyWhitespaces().doesNotContain("\u00A0");
        assertThat(line.keyword()).isEqualTo(line.keyword().toLowerCase(java.util.Locale.ROOT));
        assertThat(text).contains(line.args());
        line.options().keySet().forEach(key -> assertThat(key).matches("[A-Za-z_][A-Za-z0-9_.-]*"));
    }

    @Property(tries = 2000)
    void keywordAndArgumentsSurviveTheRoundTrip(@ForAll("keywords") String keyword, @ForAll("words") List<String> words) {
        String args = String.join(" ", words);
        CommandLine line = CommandLine.parse("/" + keyword + (args.isEmpty() ? "" : " " + args), "/");
        assertThat(line.keyword()).isEqualTo(keyword.toLowerCase(java.util.Locale.ROOT));
        assertThat(line.args()).isEqualTo(args);
        // plain words (no quotes, no '=') come back one argument each
        assertThat(line.argv()).containsExactlyElementsOf(words);
    }

    @Property(tries = 1000)
    void aPrefixMatchMovesTheSuffixIntoTheArguments(@ForAll("keywords") String registered, @ForAll("keywords") String suffix,
                                                    @ForAll("words") List<String> words) {
        String args = String.join(" ", words);
        CommandLine line = CommandLine.parse("/" + registered + suffix + (args.isEmpty() ? "" : " " + args), "/");
        CommandLine rematched = line.rematch(registered.toLowerCase(java.util.Locale.ROOT));
        assertThat(rematched.keyword()).isEqualTo(registered.toLowerCase(java.util.Locale.ROOT));
        assertThat(rematched.argv().get(0)).isEqualTo(suffix.toLowerCase(java.util.Locale.ROOT));
        assertThat(rematched.argv().subList(1, rematched.argv().size())).containsExactlyElementsOf(words);
    }

    /** Unicode at large, weighted towards what chat clients produce: slashes, quotes, dashes, odd spaces. */
    @Provide
    Arbitrary<String> chatLines() {
        Arbitrary<Character> special = Arbitraries.of('/', ' ', '\u00A0', '\t', '\n', '"', '\'', '\u201C', '\u201D',
                '\u2018', '\u2019', '\u2014', '\u2013', '=', '\u00AB', '\u00BB', '\u0130', '\u0000');
        Arbitrary<Character> any = Arbitraries.chars();
        Arbitrary<String> body = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, special), net.jqwik.api.Tuple.of(2, any),
                net.jqwik.api.Tuple.of(5, Arbitraries.chars().alpha().numeric()))
                .list().ofMaxSize(60).map(chars -> {
                    StringBuilder sb = new StringBuilder();
                    chars.forEach(sb::append);
                    return sb.toString();
                });
        return Arbitraries.oneOf(body, body.map(s -> "/" + s), body.map(s -> "  /" + s));
    }

    @Provide
    Arbitrary<String> keywords() {
        return Arbitraries.strings().alpha().numeric().withChars('-', '_').ofMinLength(1).ofMaxLength(12);
    }

    @Provide
    Arbitrary<List<String>> words() {
        return Arbitraries.strings().alpha().numeric().withChars('-', '.', ':', '/', '#').ofMinLength(1).ofMaxLength(10)
                .list().ofMaxSize(6);
    }
}
