package io.github.webexcamel.gateway.command;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {

    @Test
    void splitsKeywordFromArgumentsKeepingTheArgumentsAsTyped() {
        CommandLine line = CommandLine.parse("  /Echo   hello   world ", "/");
        assertThat(line.keyword()).isEqualTo("echo");
        assertThat(line.args()).isEqualTo("hello   world");
        assertThat(line.argv()).containsExactly("hello", "world");
    }

    @Test
    void smartQuotesGroupLikeStraightQuotes() {
        CommandLine line = CommandLine.parse("/gh issue acme/api “Login fails on Safari”", "/");
        assertThat(line.argv()).containsExactly("issue", "acme/api", "Login fails on Safari");
        assertThat(line.args()).contains("“Login fails on Safari”");
    }

    @Test
    void keyValuePairsSplitAtTheFirstEqualsSign() {
        CommandLine line = CommandLine.parse("/build deploy-api version=1.2 query=\"a=b c\" url=http://x?y=1", "/");
        assertThat(line.argv()).containsExactly("deploy-api");
        assertThat(line.options()).isEqualTo(Map.of("version", "1.2", "query", "a=b c", "url", "http://x?y=1"));
    }

    @Test
    void apostrophesInsideWordsAndUnclosedQuotesStayLiteral() {
        assertThat(CommandLine.parse("/ask don't panic", "/").argv()).containsExactly("don't", "panic");
        assertThat(CommandLine.parse("/ask \"unclosed quote", "/").argv()).containsExactly("\"unclosed", "quote");
    }

    @Test
    void chatClientDashesAndNonBreakingSpacesAreFolded() {
        CommandLine line = CommandLine.parse("/build\u00A0job \u2014force", "/");
        assertThat(line.keyword()).isEqualTo("build");
        assertThat(line.argv()).isEqualTo(List.of("job", "--force"));
    }

    @Test
    void textWithoutThePrefixIsNoCommand() {
        assertThat(CommandLine.parse("hello /echo", "/")).isNull();
        assertThat(CommandLine.parse("/", "/")).isNull();
        assertThat(CommandLine.parse(null, "/")).isNull();
    }

    @Test
    void rematchMovesTheRestOfTheWordIntoTheArguments() {
        CommandLine line = CommandLine.parse("/deploy-api now", "/").rematch("deploy");
        assertThat(line.keyword()).isEqualTo("deploy");
        assertThat(line.args()).isEqualTo("-api now");
    }

    /** Found by CommandLineFuzzTest: an empty quoted part followed by another quote crashed the tokenizer. */
    @Test
    void anEmptyQuotedPartIsAnEmptyArgument() {
        assertThat(CommandLine.parse("/echo \"\"/", "/").argv()).containsExactly("/");
        assertThat(CommandLine.parse("/echo \"\"\"a b\"", "/").argv()).containsExactly("a b");
        assertThat(CommandLine.parse("/echo ''", "/").argv()).containsExactly("");
    }
}
