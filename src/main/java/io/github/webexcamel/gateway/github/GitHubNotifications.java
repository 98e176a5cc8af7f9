package io.github.webexcamel.gateway.github;

import io.github.webexcamel.gateway.webex.SafeMarkdown;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;
import org.eclipse.egit.github.core.PullRequest;
import org.eclipse.egit.github.core.RepositoryTag;

/**
 * Markdown for the camel-github polling consumers of {@code routes/gateway/github-notify.camel.yaml}, posted into
 * the space {@code github.notify.room-id} (read at every post, so it can change without a restart of the route).
 */
public class GitHubNotifications {

    public void pullRequest(Exchange exchange) {
        PullRequest pr = exchange.getMessage().getBody(PullRequest.class);
        String user = pr.getUser() != null ? pr.getUser().getLogin() : "?";
        String head = pr.getHead() != null ? pr.getHead().getRef() : "?";
        String base = pr.getBase() != null ? pr.getBase().getRef() : "?";
        post(exchange, "New pull request in " + repo(exchange) + ": [#" + pr.getNumber() + " " + GitHubResults.escape(pr.getTitle())
                + "](" + pr.getHtmlUrl() + ") by " + GitHubResults.escape(user) + ", " + SafeMarkdown.code(head) + " → "
                + SafeMarkdown.code(base));
    }

    public void commit(Exchange exchange) {
        String message = exchange.getMessage().getBody(String.class);
        String sha = exchange.getMessage().getHeader("GitHubCommitSha", "", String.class);
        String author = exchange.getMessage().getHeader("GitHubCommitAuthor", "", String.class);
        String firstLine = message == null ? "" : message.strip().lines().findFirst().orElse("");
        String shortSha = sha.length() > 7 ? sha.substring(0, 7) : sha;
        String branch = exchange.getContext().resolvePropertyPlaceholders("{{github.notify.branch}}");
        post(exchange, "New commit on " + SafeMarkdown.code(branch) + " in " + repo(exchange) + ": [`" + shortSha + "`](" + html(exchange) + "/commit/"
                + sha + ") " + GitHubResults.escape(firstLine) + (author.isBlank() ? "" : " — " + GitHubResults.escape(author)));
    }

    public void tag(Exchange exchange) {
        RepositoryTag tag = exchange.getMessage().getBody(RepositoryTag.class);
        post(exchange, "New tag in " + repo(exchange) + ": [" + GitHubResults.escape(tag.getName()) + "](" + html(exchange)
                + "/releases/tag/" + tag.getName() + ")");
    }

    private static void post(Exchange exchange, String markdown) {
        exchange.getMessage().removeHeaders("*", "CamelWebex*");
        exchange.getMessage().setHeader(WebexConstants.ROOM_ID,
                exchange.getContext().resolvePropertyPlaceholders("{{github.notify.room-id}}"));
        exchange.getMessage().setBody(markdown);
    }

    private static String repo(Exchange exchange) {
        return exchange.getContext().resolvePropertyPlaceholders("{{github.notify.repo}}");
    }

    private static String html(Exchange exchange) {
        return GitHubResults.htmlRoot(exchange.getContext().resolvePropertyPlaceholders("{{github.api-url}}")) + "/" + repo(exchange);
    }
}
