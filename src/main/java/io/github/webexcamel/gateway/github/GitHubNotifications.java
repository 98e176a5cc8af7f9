package io.github.webexcamel.gateway.github;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.github.webexcamel.gateway.webex.SafeMarkdown;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;
import org.eclipse.egit.github.core.PullRequest;
import org.eclipse.egit.github.core.RepositoryCommit;
import org.eclipse.egit.github.core.RepositoryTag;

/**
 * Markdown for what {@link GitHubPoller} finds new, in the routes of {@code routes/gateway/github-notify.camel.yaml}, posted into
 * the space {@code github.notify.room-id} (read at every post, so it can change without a restart of the route).
 */
public class GitHubNotifications {

    public void pullRequest(Exchange exchange) {
        PullRequest pr = exchange.getMessage().getBody(PullRequest.class);
        String user = pr.getUser() != null ? pr.getUser().getLogin() : "?";
        String head = pr.getHead() != null ? pr.getHead().getRef() : "?";
        String base = pr.getBase() != null ? pr.getBase().getRef() : "?";
        post(exchange, "New pull request in " + repo(exchange) + ": [#" + pr.getNumber() + " " + GitHubResults.escape(pr.getTitle())
                + "](" + link(pr.getHtmlUrl(), html(exchange) + "/pull/" + pr.getNumber()) + ") by " + GitHubResults.escape(user) + ", " + SafeMarkdown.code(head) + " → "
                + SafeMarkdown.code(base));
    }

    public void commit(Exchange exchange) {
        RepositoryCommit commit = exchange.getMessage().getBody(RepositoryCommit.class);
        // from GitHub, so checked: anything but a hex id would end up in the link
        String sha = commit.getSha() != null && commit.getSha().matches("[0-9a-fA-F]{4,64}") ? commit.getSha() : "";
        String message = commit.getCommit() != null ? commit.getCommit().getMessage() : null;
        String author = commit.getCommit() != null && commit.getCommit().getAuthor() != null && commit.getCommit().getAuthor().getName() != null
                ? commit.getCommit().getAuthor().getName() : "";
        String firstLine = message == null ? "" : message.strip().lines().findFirst().orElse("");
        String shortSha = sha.length() > 7 ? sha.substring(0, 7) : sha;
        String branch = exchange.getContext().resolvePropertyPlaceholders("{{github.notify.branch}}");
        post(exchange, "New commit on " + SafeMarkdown.code(branch) + " in " + repo(exchange) + ": [`" + shortSha + "`](" + html(exchange)
                + "/commit/" + sha + ") " + GitHubResults.escape(firstLine)
                + (author.isBlank() ? "" : " — " + GitHubResults.escape(author)));
    }

    public void tag(Exchange exchange) {
        RepositoryTag tag = exchange.getMessage().getBody(RepositoryTag.class);
        post(exchange, "New tag in " + repo(exchange) + ": [" + GitHubResults.escape(tag.getName()) + "](" + html(exchange)
                + "/releases/tag/" + URLEncoder.encode(tag.getName(), StandardCharsets.UTF_8).replace("+", "%20") + ")");
    }

    private static void post(Exchange exchange, String markdown) {
        exchange.getMessage().removeHeaders("*", "CamelWebex*");
        exchange.getMessage().setHeader(WebexConstants.ROOM_ID,
                exchange.getContext().resolvePropertyPlaceholders("{{github.notify.room-id}}"));
        exchange.getMessage().setBody(markdown);
    }

    /** GitHub's link when it is a plain http(s) URL that cannot end the markdown link early, else ours. */
    private static String link(String fromGitHub, String fallback) {
        return fromGitHub != null && fromGitHub.matches("https?://[^\\s()<>\\[\\]`]+") ? fromGitHub : fallback;
    }

    private static String repo(Exchange exchange) {
        return exchange.getContext().resolvePropertyPlaceholders("{{github.notify.repo}}");
    }

    private static String html(Exchange exchange) {
        return GitHubResults.htmlRoot(exchange.getContext().resolvePropertyPlaceholders("{{github.api-url}}")) + "/" + repo(exchange);
    }
}
